import type { DashboardEdit } from "../../app/dashboard-edit.js";
import type { CommentRequest } from "../../core/commands/comment-event.js";
import type { PullRequestDetails } from "../../ports/conversation.js";
import type { JobRequest } from "../../ports/queue.js";
import { deliveryTtlMs, repoKey } from "./jobs.js";

/**
 * Jobs for the GitHub events the app answers on pull requests and issues (reviews, checks,
 * commands, the dashboard, promotion). The webhook handler only builds one of these and enqueues
 * it; a worker does the GitHub reads and writes, with retries, one job per key at a time across
 * replicas.
 *
 * Keys: work on one pull request's check runs and comments is keyed by the PR, so two pushes to it
 * are reviewed in order while other PRs of the repository go on; anything that reads and rewrites
 * repository-wide state (the dashboard issue, bump branches through commands) is keyed by the
 * repository, like the bump jobs, so it never overlaps them.
 */
export type GitHubEventJob =
  | { name: "review-pr"; data: PullRequestJob }
  | { name: "commit-check"; data: CommitCheckJob }
  | { name: "config-check"; data: PullRequestJob }
  | { name: "slash-commands"; data: SlashCommandJob }
  | { name: "dashboard-edit"; data: DashboardEditJob }
  | { name: "dashboard-refresh"; data: DashboardRefreshJob }
  | { name: "promotion-check"; data: PromotionCheckJob };

export type GitHubEventJobName = GitHubEventJob["name"];

export const githubEventJobNames: ReadonlySet<string> = new Set<GitHubEventJobName>([
  "review-pr",
  "commit-check",
  "config-check",
  "slash-commands",
  "dashboard-edit",
  "dashboard-refresh",
  "promotion-check",
]);

/** Where every GitHub event job comes from: the delivery and the installation it runs as. */
interface FromDelivery {
  /** `X-GitHub-Delivery`: the dedupe mark and the `deliveryId` of the job's log lines. */
  deliveryId: string;
  installationId: number;
  owner: string;
  name: string;
}

export interface PullRequestJob extends FromDelivery {
  number: number;
  /** The head commit the event is about. */
  headSha: string;
}

export interface CommitCheckJob extends PullRequestJob {
  /** The PR as the payload described it; absent on "Re-run", when the worker reads it. */
  pullRequest?: PullRequestDetails;
}

export interface SlashCommandJob extends FromDelivery {
  comment: CommentRequest;
}

export interface DashboardEditJob extends FromDelivery {
  edit: DashboardEdit;
}

export interface DashboardRefreshJob extends FromDelivery {
  /** A hold label put on by hand: the PR (GraphQL node id) whose auto-merge to turn off first. */
  disableAutoMergeOf?: string;
}

export interface PromotionCheckJob extends FromDelivery {
  /** The default-branch commit whose checks turned green. */
  headSha: string;
}

/**
 * A job for one GitHub delivery. Its mark is the delivery id and the job's name (one delivery
 * feeds several handlers), held while queued or running and for a week after success; a failed
 * job drops it, so GitHub's "Redeliver" runs it again.
 */
export function githubEventJob<J extends GitHubEventJob>(job: J): JobRequest<J["data"]> {
  const { data } = job;
  const key =
    job.name === "review-pr" || job.name === "commit-check" || job.name === "config-check"
      ? pullKey(data.owner, data.name, (data as PullRequestJob).number)
      : repoKey(`${data.owner}/${data.name}`);
  return {
    name: job.name,
    key,
    data,
    dedupe: [{ key: `delivery:github:${data.deliveryId}:${job.name}`, ttlMs: deliveryTtlMs }],
  };
}

/** The serialization key of the work on one pull request's checks and comments. */
export const pullKey = (owner: string, name: string, number: number): string =>
  `pr:${owner.toLowerCase()}/${name.toLowerCase()}#${number}`;
