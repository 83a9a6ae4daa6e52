import type { Result } from "../core/result.js";
import type { RepoName } from "./git-host.js";

/** How `head` stands against `base`: GitHub's compare `status`. */
export type CompareStatus = "ahead" | "behind" | "identical" | "diverged";

export interface Comparison {
  status: CompareStatus;
  aheadBy: number;
  behindBy: number;
  /** Commits `head` has that `base` lacks, oldest first (GitHub lists at most 250). */
  commits: string[];
}

export interface SourceHistoryError {
  /** `unreadable`: the repository or a commit is not visible to the app (GitHub answers 404 for both). */
  kind: "unreadable" | "refused";
  message: string;
}

/**
 * The history of an image's source repository, as far as `ci` tag policies need it: how two
 * commits relate. Implemented with GitHub's compare API through the installation's client.
 */
export interface SourceHistory {
  /** `base` and `head` are SHAs (full or abbreviated) or `HEAD` (the default branch). */
  compare(
    repo: RepoName,
    base: string,
    head: string,
  ): Promise<Result<Comparison, SourceHistoryError>>;
}
