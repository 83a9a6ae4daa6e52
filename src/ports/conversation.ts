import type { PermissionLevel } from "../core/commands/permissions.js";
import type { MergeSettings, PullRequestCommit } from "../core/commits/landing.js";
import type { CheckOutput } from "../core/commits/summary.js";
import type { RepoName } from "./git-host.js";

/**
 * The conversation side of a Git host: pull requests as people see them, comments, reactions,
 * labels, permissions, issues and check runs. Slash commands, the dashboard issue and the commit
 * check talk to these; the GitHub adapters implement them.
 */
export interface PullRequestDetails {
  /** GraphQL node id. */
  id: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  url: string;
  author: string | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  labels: string[];
  autoMerge: boolean;
  commitCount: number;
}

export type Reaction = "eyes" | "+1" | "confused";
export type MergeMethod = "MERGE" | "SQUASH" | "REBASE";

export interface Conversation {
  pullRequest(repo: RepoName, number: number): Promise<PullRequestDetails | null>;
  /** The user's role on the repository; null when GitHub does not know the user. */
  permission(repo: RepoName, login: string): Promise<PermissionLevel | null>;
  react(repo: RepoName, commentId: number, reaction: Reaction): Promise<void>;
  comment(repo: RepoName, number: number, body: string): Promise<void>;
  addLabel(repo: RepoName, number: number, label: string): Promise<void>;
  /** False when the label was not there. */
  removeLabel(repo: RepoName, number: number, label: string): Promise<boolean>;
  /** `enabled`, or `not enabled: <GitHub's reason>`. */
  enableAutoMerge(pullRequestId: string, method: MergeMethod): Promise<string>;
  disableAutoMerge(pullRequestId: string): Promise<void>;
  close(pullRequestId: string, comment: string): Promise<void>;
}

/** One of the app's PRs for the dashboard: the caller parses the marker from `body`. */
export interface PullRequestListing {
  number: number;
  url: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  labels: string[];
  autoMerge: boolean;
  body: string;
  headRef: string;
}

export interface IssueText {
  number: number;
  body: string;
  open: boolean;
}

export interface DashboardIssues {
  /** Issues (not pull requests) with this label, open or closed, oldest first. */
  issuesWithLabel(repo: RepoName, label: string): Promise<IssueText[]>;
  /** The new issue's number; null when the repository has issues turned off. */
  createIssue(
    repo: RepoName,
    issue: { title: string; body: string; labels: string[] },
  ): Promise<number | null>;
  updateIssueBody(repo: RepoName, number: number, body: string): Promise<void>;
  /** The most recent pull requests whose head branch starts with `prefix/`, any state. */
  pullRequestsByBranchPrefix(repo: RepoName, prefix: string): Promise<PullRequestListing[]>;
}

export interface CommitCheckRun {
  headSha: string;
  conclusion: "success" | "failure" | "neutral";
  output: CheckOutput;
}

export interface CommitCheckHost {
  /** The PR's commits oldest first, at most `limit`. */
  commits(repo: RepoName, number: number, limit: number): Promise<PullRequestCommit[]>;
  mergeSettings(repo: RepoName): Promise<MergeSettings>;
  /** Creates the named check run on `headSha`, or updates the app's run of that name there. */
  publish(
    repo: RepoName,
    name: string,
    run: CommitCheckRun,
  ): Promise<{ id: number; created: boolean }>;
}
