import { hunkHeader, type Hunk } from "./diff.js";

export type Side = "LEFT" | "RIGHT";

export interface DiffLine {
  /** 1-based position in the patch: the line after the first hunk header is 1. */
  position: number;
  hunk: number;
  side: Side;
  line: number;
}

/**
 * Every line a review comment may target, keyed "SIDE:line". A context line can be addressed
 * from either side; added lines only RIGHT, deleted lines only LEFT.
 */
export function commentableLines(hunks: readonly Hunk[]): Map<string, DiffLine> {
  const out = new Map<string, DiffLine>();
  let position = 0;
  hunks.forEach((h, index) => {
    if (index > 0) position++;
    let oldLine = h.oldStart;
    let newLine = h.newStart;
    for (const text of h.lines) {
      position++;
      const mark = text[0];
      if (mark === "\\") continue;
      if (mark === "+") {
        out.set(`RIGHT:${newLine}`, { position, hunk: index, side: "RIGHT", line: newLine });
        newLine++;
      } else if (mark === "-") {
        out.set(`LEFT:${oldLine}`, { position, hunk: index, side: "LEFT", line: oldLine });
        oldLine++;
      } else {
        out.set(`RIGHT:${newLine}`, { position, hunk: index, side: "RIGHT", line: newLine });
        out.set(`LEFT:${oldLine}`, { position, hunk: index, side: "LEFT", line: oldLine });
        oldLine++;
        newLine++;
      }
    }
  });
  return out;
}

/** The line at a diff position (deprecated `position` parameter), preferring the RIGHT side. */
export function lineAtPosition(
  lines: Map<string, DiffLine>,
  position: number,
): DiffLine | undefined {
  let left: DiffLine | undefined;
  for (const l of lines.values()) {
    if (l.position !== position) continue;
    if (l.side === "RIGHT") return l;
    left = l;
  }
  return left;
}

/** GitHub's `diff_hunk`: the hunk header and the patch lines up to and including the comment's line. */
export function diffHunkFor(hunks: readonly Hunk[], target: DiffLine): string {
  const h = hunks[target.hunk];
  if (!h) return "";
  // Position of this hunk's header: earlier hunks' lines plus their headers (the first one is 0).
  let first = 0;
  for (let i = 0; i < target.hunk; i++) first += (hunks[i]?.lines.length ?? 0) + 1;
  const upto = target.position - first;
  return [hunkHeader(h), ...h.lines.slice(0, upto)].join("\n");
}
