import type { Metrics } from "../../adapters/metrics/index.js";
import type { BumpOutcome } from "../../app/bump-repo.js";
import type { ReviewOutcome } from "../../app/review-pr.js";

const pullRequestActions = { open: "opened", update: "updated", close: "closed" } as const;

/**
 * Counts the pull requests a bump opened, updated or closed (`bumpwarden_pull_requests_total`),
 * whichever driver ran it: a queued job, a slash command or a dashboard checkbox.
 */
export function countPullRequests(metrics: Pick<Metrics, "pullRequest">, outcome: BumpOutcome) {
  for (const o of outcome.outcomes)
    if (o.kind === "open" || o.kind === "update" || o.kind === "close")
      metrics.pullRequest(pullRequestActions[o.kind]);
}

/** Counts a completed review's findings by severity (`bumpwarden_review_findings_total`). */
export function countFindings(metrics: Pick<Metrics, "reviewFindings">, outcome: ReviewOutcome) {
  if (outcome.kind === "reviewed") metrics.reviewFindings(outcome.bySeverity);
}
