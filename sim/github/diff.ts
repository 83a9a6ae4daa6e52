import { diffArrays, structuredPatch } from "diff";
import type { GitStore } from "./git/store.js";
import { flattenTree, type PathEntry } from "./git/tree-edit.js";

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
  /** Git's default function context: the last line before the hunk that starts with a letter, `_` or `$`. */
  heading: string;
}

export interface FileDiff {
  filename: string;
  status: "added" | "removed" | "modified";
  before: PathEntry | undefined;
  after: PathEntry | undefined;
  additions: number;
  deletions: number;
  hunks: Hunk[];
  /** GitHub's `patch`: hunks from the first "@@" on, no trailing newline; undefined for binary files. */
  patch: string | undefined;
}

function range(start: number, count: number): string {
  const shown = count === 0 ? start - 1 : start;
  return count === 1 ? `${shown}` : `${shown},${count}`;
}

export function hunkHeader(h: Hunk): string {
  const heading = h.heading ? ` ${h.heading}` : "";
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@${heading}`;
}

function headingBefore(oldLines: readonly string[], firstLine: number): string {
  for (let i = firstLine - 2; i >= 0; i--) {
    const line = oldLines[i] ?? "";
    if (/^[A-Za-z_$]/.test(line)) return line.slice(0, 80).trimEnd();
  }
  return "";
}

export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** Line diff with 3 lines of context, as `git diff` prints it. */
export function diffText(before: string, after: string): Hunk[] {
  const oldLines = before.split("\n");
  return structuredPatch("a", "b", before, after, "", "", { context: 3 }).hunks.map((h) => ({
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    lines: h.lines,
    heading: h.oldLines === 0 && before === "" ? "" : headingBefore(oldLines, h.oldStart),
  }));
}

export function formatPatch(hunks: readonly Hunk[]): string {
  return hunks.map((h) => [hunkHeader(h), ...h.lines].join("\n")).join("\n");
}

export function diffBlobs(
  store: GitStore,
  filename: string,
  before?: PathEntry,
  after?: PathEntry,
): FileDiff {
  const status = !before ? "added" : !after ? "removed" : "modified";
  const a = before ? (store.blob(before.sha) ?? Buffer.alloc(0)) : Buffer.alloc(0);
  const b = after ? (store.blob(after.sha) ?? Buffer.alloc(0)) : Buffer.alloc(0);
  if (isBinary(a) || isBinary(b)) {
    return {
      filename,
      status,
      before,
      after,
      additions: 0,
      deletions: 0,
      hunks: [],
      patch: undefined,
    };
  }
  const hunks = diffText(a.toString("utf8"), b.toString("utf8"));
  let additions = 0;
  let deletions = 0;
  for (const h of hunks) {
    for (const line of h.lines) {
      if (line.startsWith("+")) additions++;
      else if (line.startsWith("-")) deletions++;
    }
  }
  return {
    filename,
    status,
    before,
    after,
    additions,
    deletions,
    hunks,
    patch: formatPatch(hunks),
  };
}

/** Changed files between two trees, sorted by path (renames are reported as remove + add). */
export function diffTrees(store: GitStore, baseTree: string | null, headTree: string): FileDiff[] {
  const before = baseTree ? flattenTree(store, baseTree) : new Map<string, PathEntry>();
  const after = flattenTree(store, headTree);
  const paths = new Set([...before.keys(), ...after.keys()]);
  const out: FileDiff[] = [];
  for (const path of [...paths].sort()) {
    const a = before.get(path);
    const b = after.get(path);
    if (a && b && a.sha === b.sha && a.mode === b.mode) continue;
    out.push(diffBlobs(store, path, a, b));
  }
  return out;
}

/** One unified diff for several files, as `application/vnd.github.diff` returns it. */
export function formatUnifiedDiff(files: readonly FileDiff[]): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(`diff --git a/${f.filename} b/${f.filename}`);
    if (f.status === "added") out.push(`new file mode ${f.after?.mode ?? "100644"}`);
    if (f.status === "removed") out.push(`deleted file mode ${f.before?.mode ?? "100644"}`);
    const from = f.before ? f.before.sha.slice(0, 7) : "0000000";
    const to = f.after ? f.after.sha.slice(0, 7) : "0000000";
    out.push(`index ${from}..${to}${f.status === "modified" ? ` ${f.after?.mode ?? ""}` : ""}`);
    if (f.patch === undefined) {
      out.push(`Binary files differ`);
      continue;
    }
    if (f.hunks.length === 0) continue;
    out.push(f.status === "added" ? "--- /dev/null" : `--- a/${f.filename}`);
    out.push(f.status === "removed" ? "+++ /dev/null" : `+++ b/${f.filename}`);
    out.push(f.patch);
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

/**
 * Where line `line` (1-based) of `before` is in `after`, as GitHub follows a review thread across
 * pushes: its new number when the line survived unchanged, null when it was changed or removed.
 */
export function followLine(
  before: readonly string[],
  after: readonly string[],
  line: number,
): number | null {
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffArrays([...before], [...after])) {
    const n = part.count ?? part.value.length;
    if (part.added) newLine += n;
    else if (part.removed) {
      if (line < oldLine + n) return null;
      oldLine += n;
    } else {
      if (line < oldLine + n) return newLine + (line - oldLine);
      oldLine += n;
      newLine += n;
    }
  }
  return null;
}
