import type { TagPolicy } from "../config/schema.js";

export type { TagPolicy };

/** Why a tag was not a candidate. Every skipped tag gets exactly one reason. */
export type SkipReason =
  | "artifact"
  | "not-a-version"
  | "prerelease"
  | "out-of-range"
  | "not-newer"
  | "other-branch"
  | "unknown-commit";

export interface SkipSummary {
  reason: SkipReason;
  count: number;
  /** Up to three tags, in the registry's order. */
  examples: string[];
}

export interface SelectInput {
  /** Tags as the registry lists them. */
  tags: readonly string[];
  policy: TagPolicy;
  /** The tag in use now; nothing older is ever selected. `null` when there is none. */
  current: string | null;
  /**
   * For `ci` policies: commit SHAs (full or abbreviated) from oldest to newest, e.g. the history
   * of the branch the workflow runs on. Tags are ordered by the position of their commit here.
   */
  commitOrder?: readonly string[];
}

/** A decision about which tag the policy selects, with the reason in words. */
export interface Selection {
  /** The selected tag, or `null` when nothing newer qualifies. */
  tag: string | null;
  previous: string | null;
  /** Every tag that qualifies and is newer than `previous`, best first. */
  candidates: string[];
  /** One paragraph: what was chosen (or why nothing) and what was skipped. */
  why: string;
  skipped: SkipSummary[];
}

export interface PolicyError {
  code: "invalid-regex" | "invalid-range" | "invalid-template";
  message: string;
}
