import type { Config } from "../config/schema.js";
import type { GateResult } from "../gates/types.js";
import type { IgnoreRule } from "../dashboard/rules.js";
import type { BumpWarning, PlannedEdit } from "../scan/bump-types.js";
import type { SourceFile } from "../scan/scan-files.js";
import type { DecorationSteps } from "./decoration.js";
import type { BumpPolicies } from "./review-edits.js";

/** A pull request as the planner needs to know it (the GitHub view maps onto this). */
export interface PullRequestState {
  id: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  url: string;
  mergedAt: string | null;
  headOid: string;
  labels: string[];
  checks: "SUCCESS" | "FAILURE" | "PENDING" | "ERROR" | "EXPECTED" | null;
  /**
   * The rest of its decoration as GitHub reports it (the view reads it with the PR). Absent when
   * unknown: the labels then stand for all of it.
   */
  decoration?: PullRequestDecoration;
}

export interface PullRequestDecoration {
  /** Auto-merge is enabled. */
  autoMerge: boolean;
  /** GitHub's `mergeStateStatus` (`BLOCKED`, `CLEAN`, …); null when not reported. */
  mergeState: string | null;
  /** Users (logins) and teams (slugs) whose review is requested, and users who reviewed. */
  reviewers: string[];
}

export interface BranchState {
  exists: boolean;
  /** Login of the author of the branch's head commit. */
  headAuthor: string | null;
  /** Newest first. */
  pullRequests: PullRequestState[];
}

/** What the registry and the supply-chain gates said about the pushed image, gathered before planning. */
export interface ImageEvidence {
  signature?: { verified: boolean; keyId?: string; reason?: string };
  /** Per environment; an environment missing here has no gate configured. */
  gates?: Record<string, readonly GateResult[]>;
  source?: { url: string; revision?: string };
  /** Revisions of the images currently deployed, by tag (for the compare link). */
  revisions?: Record<string, string>;
  /**
   * For `ci` policies whose tags name commits: how the pushed tag's commit stands against the
   * commit of each tag in use (deployed or proposed by an open PR), by tag. Gathered by the app
   * (GitHub's compare API on the source repository, else the images' creation times).
   */
  commits?: Record<string, CommitRelation>;
}

export interface CommitRelation {
  /** The pushed tag's commit against this tag's: `newer` when it comes after it. */
  pushed: "newer" | "older" | "same" | "unknown";
  /** One sentence: how that was found, or why it could not be. */
  why: string;
}

export interface RepoBumpInput {
  /** Normalized repository: `ghcr.io/acme/api`. */
  repository: string;
  tag: string;
  digest: string | null;
  /** Files of the repository that mention the image, at the base commit. */
  files: SourceFile[];
  config: Config;
  /** The login the app commits as; branches whose head was written by someone else are left alone. */
  botLogin: string;
  branches: Record<string, BranchState>;
  evidence: ImageEvidence;
  now: Date;
  /** `/promote <env>`: propose to this environment even if its `requires` is not met. */
  force?: string;
  /** Restrict to these environments (a promotion job plans only the next one). */
  only?: string[];
  /**
   * `/rebase`: write the commit again on the current base even when the open PR already proposes
   * this tag; `/recreate`: the same, also over commits others pushed to the branch.
   */
  rewrite?: "rebase" | "recreate";
  /** `/ignore` rules kept in the dashboard issue (see core/dashboard/rules.ts). */
  ignores?: readonly IgnoreRule[];
  /** The admission policies of `review.policies`, from the default branch (none when not given). */
  policies?: BumpPolicies;
}

export type EnvAction =
  | {
      kind: "open" | "update";
      environment: string;
      branch: string;
      title: string;
      body: string;
      message: { headline: string; body: string };
      files: Array<{ path: string; text: string }>;
      edits: PlannedEdit[];
      /** The PR to update, when there is one. */
      pullRequest: PullRequestState | null;
      labels: string[];
      reviewers: string[];
      automerge: boolean;
      /** What to apply once the commit is written (what the PR lacks); null for nothing. */
      decorate: DecorationSteps | null;
    }
  | {
      kind: "unchanged";
      environment: string;
      branch: string;
      pullRequest: PullRequestState;
      why: string;
      /**
       * What the PR lacks of its decoration (a run failed before finishing it, see
       * `decorationSteps`): apply it now.
       */
      redecorate?: DecorationSteps;
    }
  | {
      kind: "close";
      environment: string;
      branch: string;
      pullRequest: PullRequestState;
      comment: string;
    }
  | {
      kind: "skip";
      environment: string;
      branch: string;
      why: string;
      state: SkipState;
      readyAt?: Date;
    };

export type SkipState =
  | "up-to-date"
  | "ignored"
  | "not-allowed"
  | "policy"
  | "unverified"
  | "gated"
  | "waiting"
  | "held"
  | "edited"
  | "unplannable";

export interface RepoBumpPlan {
  repository: string;
  tag: string;
  actions: EnvAction[];
  warnings: BumpWarning[];
}
