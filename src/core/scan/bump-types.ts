import type { Problem, Reference, ReferenceKind } from "../formats/types.js";

/** What to bump: every reference to `repository` (in `env`, when given) gets `tag` (and `digest`). */
export interface BumpRequest {
  /** Any spelling: `nginx`, `docker.io/library/nginx`, `ghcr.io/acme/api`. */
  repository: string;
  tag: string;
  digest?: string | undefined;
  env?: string | undefined;
}

/** One splice of a bump, with what a person reads: where, and from what to what. */
export interface PlannedEdit {
  file: string;
  /** 1-based line of the new bytes in the edited file. */
  line: number;
  kind: ReferenceKind;
  image: string | null;
  field: "tag" | "digest";
  /** The old tag or digest; null when the bump inserts it (kustomize `newTag`, `nginx` -> `nginx:1.27`). */
  from: string | null;
  to: string;
  /** Replace [start, end) of the original text with `text`. */
  start: number;
  end: number;
  text: string;
}

export type BumpWarningCode =
  | "shared-anchor"
  | "shared-value"
  | "shared-file"
  | "downgrade"
  | "same-version"
  | "pinned-digest"
  | "not-editable"
  | "cannot-edit"
  | "file-problem";

export interface BumpWarning {
  code: BumpWarningCode;
  file: string;
  line?: number;
  message: string;
  /** The environments the warning concerns (the file's, for a shared anchor). */
  environments?: string[];
}

export interface BumpPlan {
  /** Normalized. */
  repository: string;
  tag: string;
  digest: string | null;
  env: string | null;
  /** Every reference to the repository that was considered (edited or not). */
  references: Reference[];
  /** Sorted by file and position. */
  edits: PlannedEdit[];
  /** The new text of every file that changes, verified by scanning it again. */
  files: Array<{ path: string; text: string }>;
  warnings: BumpWarning[];
}

export type BumpErrorCode = "invalid-request" | "unreadable-files" | "verification-failed";

export interface BumpError {
  code: BumpErrorCode;
  message: string;
  /** For unreadable files: each problem with its file and line. */
  problems?: Problem[];
}
