import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { Edit } from "../formats/types.js";

/**
 * Applies edits to a text: each replaces [start, end) of the original with `text`. Identical edits
 * count once; overlapping ones are refused. Everything outside the edits (BOM, CRLF line endings,
 * the missing or present final newline) is kept as is, because nothing else is touched.
 */
export function applyEdits(text: string, edits: readonly Edit[]): Result<string, string> {
  const sorted = uniqueEdits(edits).sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let pos = 0;
  let lastStart = -1;
  for (const e of sorted) {
    if (e.start < pos || e.start === lastStart || e.start > e.end || e.end > text.length)
      return err(`edit at ${e.start}-${e.end} overlaps another edit or lies outside the text`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
    lastStart = e.start;
  }
  return ok(out + text.slice(pos));
}

export function uniqueEdits(edits: readonly Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.start}:${e.end}:${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
