import type { Logger } from "pino";
import type { GitHubClient } from "../../adapters/github/client.js";
import { GitHubConversation } from "../../adapters/github/conversation.js";
import { GitHubReviewHost } from "../../adapters/github/review-host.js";
import type { Metrics } from "../../adapters/metrics/index.js";
import type { EvidenceSource } from "../../app/bump-repo.js";
import { handleComment } from "../../app/commands/handle-comment.js";
import { handleDashboardEdit } from "../../app/dashboard-edit.js";
import { syncDashboard } from "../../app/dashboard.js";
import { reviewPullRequest } from "../../app/review-pr.js";
import { parseMarker } from "../../core/pr/marker.js";
import type { Clock } from "../../ports/clock.js";
import type { PullRequestDetails } from "../../ports/conversation.js";
import type { RepoName } from "../../ports/git-host.js";
import type { ImageIndex } from "../../ports/image-index.js";
import type { Job, Queue } from "../../ports/queue.js";
import type { Registry } from "../../ports/registry.js";
import type { ScanStore } from "../../ports/scan-store.js";
import type {
  CommitCheckJob,
  DashboardEditJob,
  DashboardRefreshJob,
  PromotionCheckJob,
  PullRequestJob,
  SlashCommandJob,
} from "../http/github-jobs.js";
import type { IngestJobData } from "../http/jobs.js";
import { githubEventJob } from "../http/github-jobs.js";
import { bumpJob } from "../http/jobs.js";
import { withLogFields } from "../ops/log-fields.js";
import { countFindings } from "../ops/outcome-metrics.js";
import { runConfigCheck } from "./config-check.js";
import type { ControlsDeps } from "./services.js";
import { commandServices, commitCheckFor } from "./services.js";

/** How reviews run: the registry and scans for signature rules and supply-chain gates. */
export interface ReviewJobOptions {
  /** Without one, signature rules and registry gates report nothing. */
  registry?: () => Promise<Registry>;
  /** Harbor scans the gates read for images without a vulnerability attestation. */
  scans?: ScanStore;
  /** Sigstore trusted root for keyless `verify.cosign`. */
  trustedRoot?: unknown;
  docsUrl?: string;
}

export interface GitHubJobDeps {
  queue: Queue<IngestJobData>;
  index: ImageIndex;
  clock: Clock;
  /** An Octokit authenticated as the installation (`app.auth(id)`); never shared between them. */
  github(installationId: number): Promise<GitHubClient>;
  log: Logger;
  review?: ReviewJobOptions;
  /** Registry evidence for the bumps commands run (digest, signature, gates). */
  evidence?: EvidenceSource;
  /** `/lint` and `/recheck`; default: the same review the review job runs. */
  rerunReview?: ControlsDeps["review"];
  /** Counts PRs opened, updated and closed, and review findings (`/metrics`). */
  metrics?: Pick<Metrics, "pullRequest" | "reviewFindings">;
}

/**
 * The worker side of the pull-request and issue events (src/drivers/http/github-jobs.ts): reviews,
 * checks, slash commands, the dashboard issue and promotion triggers. The queue runs one job per
 * key at a time across replicas, which is what keeps two writers off one dashboard issue.
 */
export function createGitHubJobHandler(
  deps: GitHubJobDeps,
): (job: Job<IngestJobData>) => Promise<void> {
  const review = async (client: GitHubClient, repo: RepoName, number: number, headSha: string) => {
    const outcome = await reviewPullRequest(
      { owner: repo.owner, name: repo.name, number, headSha },
      {
        host: new GitHubReviewHost(client),
        clock: deps.clock,
        ...(deps.review?.registry && { registry: deps.review.registry }),
        ...(deps.review?.scans && { scans: deps.review.scans }),
        ...(deps.review?.trustedRoot !== undefined && { trustedRoot: deps.review.trustedRoot }),
        ...(deps.review?.docsUrl !== undefined && { docsUrl: deps.review.docsUrl }),
      },
    );
    if (deps.metrics) countFindings(deps.metrics, outcome);
    return outcome;
  };
  // `/lint` queues the same job a push does, under the PR's key, so it never runs beside (and
  // races) a review of that PR already under way.
  const controlsFor = (
    from: Pick<PullRequestJob, "deliveryId" | "installationId">,
  ): ControlsDeps => ({
    index: deps.index,
    clock: deps.clock,
    ...(deps.evidence && { evidence: deps.evidence }),
    ...(deps.metrics && { metrics: deps.metrics }),
    review:
      deps.rerunReview ??
      (async (_client, repo, pr: PullRequestDetails) => {
        await deps.queue.enqueue(
          githubEventJob({
            name: "review-pr",
            data: {
              deliveryId: from.deliveryId,
              installationId: from.installationId,
              owner: repo.owner,
              name: repo.name,
              number: pr.number,
              headSha: pr.headSha,
            },
          }),
        );
      }),
  });

  return async (job) => {
    const data = job.data as PullRequestJob | SlashCommandJob | DashboardRefreshJob;
    const repo = { owner: data.owner, name: data.name };
    const log = withLogFields(deps.log, {
      deliveryId: data.deliveryId,
      installationId: data.installationId,
      repo: `${data.owner}/${data.name}`,
      pr: "number" in data ? data.number : undefined,
      job: job.id,
    });
    const client = await deps.github(data.installationId);
    switch (job.name) {
      case "review-pr": {
        const { number, headSha } = data as PullRequestJob;
        const outcome = await review(client, repo, number, headSha);
        return log.info({ ...outcome, headSha }, "pull request reviewed");
      }
      case "commit-check": {
        const { number, pullRequest } = data as CommitCheckJob;
        const pr = pullRequest ?? (await new GitHubConversation(client).pullRequest(repo, number));
        if (!pr || pr.state !== "OPEN") return log.info({ number }, "commit check: PR not open");
        const outcome = await commitCheckFor(client, repo)(pr);
        return log.info({ ...outcome, headSha: pr.headSha }, "commit check completed");
      }
      case "config-check": {
        const { number, headSha } = data as PullRequestJob;
        const target = { owner: repo.owner, repo: repo.name, pullNumber: number, headSha };
        const outcome = await runConfigCheck(client, target);
        if (outcome)
          log.info(
            { conclusion: outcome.conclusion, problems: outcome.problems },
            "config check completed",
          );
        return;
      }
      case "slash-commands": {
        const { comment, installationId } = data as SlashCommandJob;
        const services = commandServices(client, installationId, repo, controlsFor(data));
        const outcome = await handleComment(comment, services);
        const child = log.child({ pr: comment.number });
        for (const { command, error } of outcome.errors)
          child.error({ command, err: error }, "slash command failed");
        if (outcome.skipped === null)
          child.info(
            {
              ran: outcome.ran,
              refused: outcome.refused,
              reaction: outcome.reaction,
              replied: outcome.replied,
            },
            "slash commands handled",
          );
        return;
      }
      case "dashboard-edit": {
        const { edit, installationId } = data as DashboardEditJob;
        const services = commandServices(client, installationId, repo, controlsFor(data));
        const outcome = await handleDashboardEdit(edit, services);
        if (outcome.actions.length > 0)
          log.info({ ...outcome, issue: edit.issueNumber }, "dashboard edit handled");
        return;
      }
      case "dashboard-refresh": {
        const { disableAutoMergeOf, installationId } = data as DashboardRefreshJob;
        if (disableAutoMergeOf)
          await new GitHubConversation(client).disableAutoMerge(disableAutoMergeOf);
        const services = commandServices(client, installationId, repo, controlsFor(data));
        const synced = await syncDashboard(repo, services.dashboard);
        return log.debug({ synced: synced.kind }, "dashboard refreshed");
      }
      case "promotion-check": {
        const { headSha, installationId } = data as PromotionCheckJob;
        const { data: pulls } = await client.request(
          "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls",
          { owner: repo.owner, repo: repo.name, commit_sha: headSha },
        );
        let planned = 0;
        for (const pr of pulls as Array<{
          number: number;
          body: string | null;
          merged_at: string | null;
        }>) {
          const marker = parseMarker(pr.body);
          if (!pr.merged_at || !marker?.tag) continue;
          planned++;
          await deps.queue.enqueue(
            bumpJob({
              installationId,
              repo: `${repo.owner}/${repo.name}`,
              repository: marker.image,
              tag: marker.tag,
              digest: marker.digest,
              reason: `promotion: checks green on #${pr.number}`,
              deliveryId: data.deliveryId,
            }),
          );
        }
        return log.info({ headSha, planned }, "checks green: promotion planned");
      }
      default:
        throw new Error(`not a GitHub event job: ${job.name}`);
    }
  };
}
