import type { GitStore } from "../git/store.js";

/** Records the simulator keeps; JSON shapes are built from them in serialize/. */
export type RepoPermission = "admin" | "maintain" | "write" | "triage" | "read";

export interface Account {
  login: string;
  id: number;
  type: "User" | "Organization" | "Bot";
}

export interface InstallationRecord {
  id: number;
  account: Account;
  /** "all", or the lower-cased full names of the selected repositories. */
  repositories: "all" | Set<string>;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface ReactionRecord {
  id: number;
  user: Account;
  content: string;
  createdAt: string;
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: string | null;
  user: Account;
  labels: string[];
  assignees: Account[];
  isPull: boolean;
  reactions: ReactionRecord[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface AutoMerge {
  method: "MERGE" | "SQUASH" | "REBASE";
  enabledBy: Account;
  enabledAt: string;
  commitHeadline: string | null;
  commitBody: string | null;
}

export interface PullRecord {
  number: number;
  id: number;
  head: string;
  base: string;
  draft: boolean;
  maintainerCanModify: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
  /** Head and base SHAs frozen when the PR is closed or merged. */
  closedHeadSha: string | null;
  closedBaseSha: string | null;
  requestedReviewers: string[];
  requestedTeams: string[];
  autoMerge: AutoMerge | null;
}

export interface IssueCommentRecord {
  id: number;
  issueNumber: number;
  user: Account;
  body: string;
  reactions: ReactionRecord[];
  createdAt: string;
  updatedAt: string;
}

export type ReviewState = "PENDING" | "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED";

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: Account;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewCommentRecord {
  id: number;
  pullNumber: number;
  reviewId: number;
  threadId: number;
  user: Account;
  body: string;
  path: string;
  commitId: string;
  line: number | null;
  side: "LEFT" | "RIGHT" | null;
  startLine: number | null;
  startSide: "LEFT" | "RIGHT" | null;
  position: number | null;
  diffHunk: string;
  inReplyTo: number | null;
  subjectType: "line" | "file";
  reactions: ReactionRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface ThreadRecord {
  id: number;
  pullNumber: number;
  path: string;
  resolved: boolean;
  resolvedBy: Account | null;
  commentIds: number[];
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number | undefined;
  end_column?: number | undefined;
  annotation_level: string;
  message: string;
  title?: string | undefined;
  raw_details?: string | undefined;
}

export interface CheckRunRecord {
  id: number;
  appId: number;
  suiteId: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: Annotation[];
  };
  actions: unknown[];
}

export interface CheckSuiteRecord {
  id: number;
  appId: number;
  headSha: string;
  headBranch: string | null;
}

export interface StatusRecord {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: Account;
  createdAt: string;
}

export interface RepoRecord {
  id: number;
  owner: Account;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  git: GitStore;
  /** Full ref name ("refs/heads/main") → commit SHA. */
  refs: Map<string, string>;
  nextNumber: number;
  issues: Map<number, IssueRecord>;
  pulls: Map<number, PullRecord>;
  /** Keyed by lower-cased name. */
  labels: Map<string, LabelRecord>;
  /** Lower-cased login → permission. */
  collaborators: Map<string, RepoPermission>;
  issueComments: Map<number, IssueCommentRecord>;
  reviews: Map<number, ReviewRecord>;
  reviewComments: Map<number, ReviewCommentRecord>;
  threads: Map<number, ThreadRecord>;
  checkRuns: Map<number, CheckRunRecord>;
  checkSuites: Map<number, CheckSuiteRecord>;
  statuses: StatusRecord[];
  /** Commits GitHub itself created (web flow), reported as verified. */
  verified: Set<string>;
  createdAt: string;
  /** Repository merge settings (GitHub's defaults unless a test changes them). */
  settings: RepoSettings;
}

export interface RepoSettings {
  allowSquashMerge: boolean;
  allowMergeCommit: boolean;
  allowRebaseMerge: boolean;
  squashMergeCommitTitle: "PR_TITLE" | "COMMIT_OR_PR_TITLE";
  squashMergeCommitMessage: "PR_BODY" | "COMMIT_MESSAGES" | "BLANK";
}
