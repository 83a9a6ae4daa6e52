import type { FileProblem } from "../core/config/document.js";
import type { Config } from "../core/config/schema.js";
import type { Result } from "../core/result.js";
import type { PullFile } from "../core/review/report/diff.js";
import type { Annotation } from "../core/review/report/check-run.js";
import type { BotThread } from "../core/review/report/plan.js";
import type { RepoName } from "./git-host.js";

/**
 * What the pull-request review needs from the Git host (the GitHub implementation is
 * `src/adapters/github/review-host.ts`). Reads never touch a PR head except for the files under
 * review: configuration, policies and keys come from the default branch.
 */
export interface PullRequestRef extends RepoName {
  number: number;
}

export interface ReviewState {
  /** The PR's head commit now. */
  headOid: string;
  draft: boolean;
  /** The default branch's head commit, where config, policies and keys are read. */
  defaultBranchOid: string;
  /** Review threads that carry a bumpwarden finding marker and were opened by the app. */
  threads: BotThread[];
}

export interface NewReviewComment {
  path: string;
  /** RIGHT-side line (the last one of a range). */
  line: number;
  startLine?: number;
  body: string;
}

export interface CheckRunUpdate {
  /** Set on the last update: completes the run. */
  conclusion?: "success" | "failure" | "neutral";
  completedAt?: Date;
  title: string;
  summary: string;
  annotations: Annotation[];
}

export interface ReviewHost {
  /** The repository's applied configuration (default branch), null when it has none. */
  loadConfig(
    repo: RepoName,
  ): Promise<Result<{ config: Config; files: string[] } | null, FileProblem[]>>;
  reviewState(pr: PullRequestRef): Promise<ReviewState>;
  /** The head commit of the PR now (checked again just before writing). */
  headOf(pr: PullRequestRef): Promise<string>;
  /** Files of the PR diff with their patches; `truncated` when GitHub lists no more. */
  pullFiles(pr: PullRequestRef): Promise<{ files: PullFile[]; truncated: boolean }>;
  /** Blob paths of the tree at `oid`; `truncated` when the listing is incomplete. */
  listPaths(repo: RepoName, oid: string): Promise<{ paths: string[]; truncated: boolean }>;
  /** Texts at `oid`; null for missing, binary or oversized files. */
  readFiles(repo: RepoName, oid: string, paths: string[]): Promise<Record<string, string | null>>;
  /** One review with inline comments, all or nothing; an error says why GitHub refused it. */
  createReview(
    pr: PullRequestRef,
    review: { commitId: string; body: string; comments: NewReviewComment[] },
  ): Promise<Result<{ id: number }, string>>;
  resolveThreads(threadIds: string[]): Promise<void>;
  createCheckRun(
    repo: RepoName,
    run: { name: string; headSha: string; startedAt: Date },
  ): Promise<number>;
  updateCheckRun(repo: RepoName, id: number, update: CheckRunUpdate): Promise<void>;
}
