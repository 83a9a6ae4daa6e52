import type { PullRequestDecoration } from "../core/plan/types.js";
import type { Result } from "../core/result.js";

/**
 * A Git hosting service, as far as bump PRs need it. The GitHub implementation batches reads in
 * one GraphQL query and writes a bump (branch, verified commit, PR) in one serial mutation
 * document, so a bump costs three sequential round trips on a warm index.
 */
export interface RepoName {
  owner: string;
  name: string;
}

export type CheckState = "SUCCESS" | "FAILURE" | "PENDING" | "ERROR" | "EXPECTED";

export interface PullRequestView {
  id: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  url: string;
  mergedAt: string | null;
  headRefName: string;
  headOid: string;
  author: string | null;
  labels: string[];
  /** Checks of the merge commit for merged PRs, of the head commit otherwise. */
  checks: CheckState | null;
  /** Auto-merge, merge state and reviewers as GitHub reports them. */
  decoration: PullRequestDecoration;
}

export interface BranchView {
  name: string;
  /** The ref's node id, when the branch exists. */
  refId: string | null;
  headOid: string | null;
  /** Login of the head commit's author (the app's bot for its own commits). */
  headAuthor: string | null;
  /** PRs whose head is this branch, newest first, any state. */
  pullRequests: PullRequestView[];
}

export interface RepoView {
  id: string;
  nameWithOwner: string;
  /** The login the app acts as (`bumpwarden[bot]`). */
  viewer: string;
  defaultBranch: string;
  headOid: string;
  /** Requested files at `headOid`; null when absent or binary. */
  files: Record<string, string | null>;
  branches: Record<string, BranchView>;
  squashMergeCommitTitle: "PR_TITLE" | "COMMIT_OR_PR_TITLE" | null;
}

export interface TreeFile {
  path: string;
  size: number;
}

export interface BumpWrite {
  repo: RepoName;
  repositoryId: string;
  baseBranch: string;
  baseOid: string;
  branch: string;
  /** Set when the branch exists: it is reset to `baseOid` before the commit. */
  refId: string | null;
  /** The branch's head when the bump was planned: the reset happens only if it still points there. */
  headOid: string | null;
  /** Set when an open PR exists for the branch: it is updated, not opened again. */
  pullRequestId: string | null;
  files: Array<{ path: string; contents: string }>;
  message: { headline: string; body: string };
  title: string;
  body: string;
}

export interface WrittenPullRequest {
  id: string;
  number: number;
  url: string;
  commitOid: string;
  created: boolean;
}

export type WriteError =
  | { kind: "stale-head"; message: string }
  | { kind: "conflict"; message: string }
  | { kind: "failed"; message: string };

export interface Decoration {
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
  automerge: "MERGE" | "SQUASH" | "REBASE" | null;
}

export interface DecorationResult {
  /** `enabled`, `not enabled: <GitHub's reason>`, or null when not asked for. */
  automerge: string | null;
  /**
   * Reviewers (users or teams) GitHub refused for good: not a collaborator, the PR's author. The
   * PR stands without them; the refusal is reported, not retried.
   */
  refusedReviewers: RefusedReviewer[];
}

export interface RefusedReviewer {
  reviewer: string;
  reason: string;
}

export interface GitHost {
  view(repo: RepoName, request: { files: string[]; branches: string[] }): Promise<RepoView>;
  listTree(repo: RepoName, oid: string): Promise<{ files: TreeFile[]; truncated: boolean }>;
  readFiles(repo: RepoName, oid: string, paths: string[]): Promise<Record<string, string | null>>;
  writeBump(write: BumpWrite): Promise<Result<WrittenPullRequest, WriteError>>;
  decorate(
    repo: RepoName,
    pr: { id: string; number: number },
    decoration: Decoration,
  ): Promise<DecorationResult>;
  closeWithComment(
    repo: RepoName,
    pr: { id: string; number: number },
    comment: string,
  ): Promise<void>;
  /** A completed check run on a commit (the supply-chain gates of a bump PR). */
  completeCheckRun(
    repo: RepoName,
    headSha: string,
    run: {
      name: string;
      conclusion: "success" | "neutral" | "failure";
      title: string;
      summary: string;
    },
  ): Promise<void>;
  /** Open PRs whose head branch starts with `prefix/` (the app's bump PRs, by branch). */
  openPullRequests(
    repo: RepoName,
    prefix: string,
  ): Promise<Array<{ number: number; headRefName: string; body: string }>>;
}
