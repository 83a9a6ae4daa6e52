import type { Finding } from "../finding.js";
import type { FileDiff } from "./diff.js";

/** Where an inline comment goes: `line` (and `startLine` for a range) on the RIGHT side. */
export interface CommentPlace {
  path: string;
  line: number;
  startLine?: number;
  /** Replacement text for lines startLine..line, when the fix is mechanical and fits the range. */
  suggestion?: string;
}

/**
 * The place of a finding's inline comment, or undefined when its line is not one the PR added
 * (it then goes to the check run). A fix becomes a suggestion only when its lines cover the
 * finding's line and all lie in one hunk, since a suggestion replaces exactly the commented lines.
 */
export function placeFinding(f: Finding, diff: FileDiff | undefined): CommentPlace | undefined {
  if (!diff || !diff.added.has(f.line)) return undefined;
  const fix = f.fix;
  if (fix && fix.line <= f.line && f.line <= fix.endLine && oneHunk(diff, fix.line, fix.endLine))
    return {
      path: f.file,
      line: fix.endLine,
      ...(fix.endLine > fix.line && { startLine: fix.line }),
      suggestion: fix.text,
    };
  return { path: f.file, line: f.line };
}

function oneHunk(diff: FileDiff, from: number, to: number): boolean {
  const hunk = diff.commentable.get(from);
  if (hunk === undefined) return false;
  for (let l = from + 1; l <= to; l++) if (diff.commentable.get(l) !== hunk) return false;
  return true;
}
