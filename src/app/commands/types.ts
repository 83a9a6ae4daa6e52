import type { BumpMarker } from "../../core/pr/marker.js";
import type { Conversation, PullRequestDetails } from "../../ports/conversation.js";
import type { RepoName } from "../../ports/git-host.js";
import type { BumpOutcome, BumpRequest } from "../bump-repo.js";
import type { CommitCheckOutcome } from "../commit-check.js";
import type { DashboardDeps } from "../dashboard.js";
import type { RepoConfig } from "../repo-config.js";

/** Runs the bump use case in this repository (installation and repo filled in by the caller). */
export type BumpRunner = (
  request: Omit<BumpRequest, "installationId" | "repo">,
) => Promise<BumpOutcome>;

/** Runs the manifest review on a PR again (`/lint`); the review use case provides it. */
export type ReviewRunner = (pullRequest: PullRequestDetails) => Promise<void>;

/** What a command can reach, for one repository and one comment or checkbox edit. */
export interface CommandEnv {
  repo: RepoName;
  conversation: Conversation;
  dashboard: DashboardDeps;
  /** The default branch's configuration, read once per comment. */
  config: RepoConfig;
  bump: BumpRunner;
  commitCheck: (pullRequest: PullRequestDetails) => Promise<CommitCheckOutcome>;
  /** Null when the review is not wired in this deployment. */
  review: ReviewRunner | null;
  now: () => Date;
}

/** The PR a command runs on, and who asked. */
export interface CommandTarget {
  pr: PullRequestDetails;
  /** The marker of a bumpwarden PR; undefined on other PRs. */
  marker: BumpMarker | undefined;
  actor: string;
}

/** `ok: false` makes the reaction `confused`; `message` is said in the answer when not null. */
export interface CommandResult {
  ok: boolean;
  message: string | null;
}

export const done = (message: string | null = null): CommandResult => ({ ok: true, message });
export const failed = (message: string): CommandResult => ({ ok: false, message });
