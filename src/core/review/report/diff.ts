/**
 * A pull request's diff as review comments see it: for each file, the lines of the new version
 * (GitHub's RIGHT side) that the PR added, and those a comment may target (added or context
 * lines of a hunk). Built from the `patch` of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`.
 */
export type PullFileStatus =
  "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/** One entry of `pulls.listFiles`, as far as the review needs it. */
export interface PullFile {
  path: string;
  status: PullFileStatus;
  previousPath?: string;
  /** Absent for binary files and for diffs GitHub does not show (too large). */
  patch?: string;
}

export interface FileDiff {
  path: string;
  status: PullFileStatus;
  /** RIGHT-side lines the PR added (1-based). */
  added: ReadonlySet<number>;
  /** RIGHT-side lines a comment may target, each with the index of its hunk. */
  commentable: ReadonlyMap<number, number>;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Parses a unified-diff patch (hunks only, as GitHub gives it) into RIGHT-side line sets. */
export function parsePatch(patch: string): Pick<FileDiff, "added" | "commentable"> {
  const added = new Set<number>();
  const commentable = new Map<number, number>();
  let hunk = -1;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of patch.split("\n")) {
    const header = HUNK.exec(text);
    if (header) {
      hunk++;
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      newLine = Number(header[3]);
      continue;
    }
    if (hunk < 0 || text.startsWith("\\")) continue;
    const mark = text[0];
    if (mark === "+" && newLeft > 0) {
      added.add(newLine);
      commentable.set(newLine++, hunk);
      newLeft--;
    } else if (mark === "-" && oldLeft > 0) {
      oldLeft--;
    } else if ((mark === " " || text === "" || text === "\r") && newLeft > 0 && oldLeft > 0) {
      // A context line; some tools strip the space of an empty one.
      commentable.set(newLine++, hunk);
      newLeft--;
      oldLeft--;
    }
  }
  return { added, commentable };
}

/** The diff of every file still present after the PR (removed files have no RIGHT side). */
export function diffMap(files: readonly PullFile[]): Map<string, FileDiff> {
  const out = new Map<string, FileDiff>();
  for (const f of files) {
    if (f.status === "removed") continue;
    const lines =
      f.patch === undefined
        ? { added: new Set<number>(), commentable: new Map() }
        : parsePatch(f.patch);
    out.set(f.path, { path: f.path, status: f.status, ...lines });
  }
  return out;
}
