import type { RuleProblem } from "./lint.js";
import type { RuleEntry } from "./policy.js";
import { hasReference } from "./references.js";

/**
 * Keeps commitlint's work bounded on hostile messages. conventional-commits-parser's
 * issue-reference pattern is cubic in the length of a word (1,600 characters take seconds) and
 * its other patterns are quadratic in the length of a line.
 *
 * - Without a reference anywhere, references are not parsed at all (lint.ts) and lines are
 *   checked up to MAX_LINE characters, far past any length limit.
 * - With one, every line longer than the longest line-length limit in force is replaced by a
 *   stand-in of that length which keeps what the rules and the parser look at: its beginning,
 *   its last character, whether it holds a URL (exempt from `*-max-line-length`) and whether it
 *   holds a reference (which moves it to the footer).
 */
const MAX_LINE = 4096;
const MAX_MESSAGE = 65_536;
const MAX_WITH_REFERENCES = 16_384;
const MAX_STAND_IN = 256;
const URL = /\bhttps?:\/\/\S+/;

export interface Bounded {
  text: string;
  /** Whether a line holds an issue reference: parse references, on the stand-in text. */
  references: boolean;
  /** Warnings for what was left unchecked. */
  notes: RuleProblem[];
  /** The header's real length when a stand-in replaced it (commitlint reports the length). */
  headerLength: number | null;
}

export function boundMessage(message: string, rules: Readonly<Record<string, RuleEntry>>): Bounded {
  const notes: RuleProblem[] = [];
  let text = cut(message, MAX_MESSAGE, notes);
  const lines = text.split(/\r?\n/);
  if (!lines.some(hasReference)) {
    const long = lines.findIndex((line) => line.length > MAX_LINE);
    if (long === -1) return { text, references: false, notes, headerLength: null };
    notes.push(
      note(
        `line ${long + 1} is ${lines[long]?.length ?? 0} characters long; the first ${MAX_LINE} of each line were checked`,
      ),
    );
    return { ...replaceLines(text, MAX_LINE, MAX_LINE), references: false, notes };
  }
  text = cut(text, MAX_WITH_REFERENCES, notes);
  const width = Math.min(MAX_STAND_IN, Math.max(101, longestLimit(rules) + 1));
  return { ...replaceLines(text, MAX_STAND_IN, width), references: true, notes };
}

/** Stands in for long lines; the header (first non-empty line) only past `headerWidth`. */
function replaceLines(
  text: string,
  headerWidth: number,
  width: number,
): { text: string; headerLength: number | null } {
  let headerLength: number | null = null;
  let first = true;
  const replaced = text.replace(/[^\r\n]+/g, (line) => {
    if (!first) return standIn(line, width);
    first = false;
    if (line.length > headerWidth) headerLength = line.length;
    return standIn(line, headerWidth);
  });
  return { text: replaced, headerLength };
}

function cut(text: string, max: number, notes: RuleProblem[]): string {
  if (text.length <= max) return text;
  notes.push(note(`the message is ${text.length} characters long; its first ${max} were checked`));
  return text.slice(0, max);
}

/** The longest line length any active length rule allows. */
function longestLimit(rules: Readonly<Record<string, RuleEntry>>): number {
  let longest = 0;
  for (const name of ["header-max-length", "body-max-line-length", "footer-max-line-length"]) {
    const entry = rules[name];
    if (entry && entry[0] !== 0 && entry.length === 3 && typeof entry[2] === "number")
      longest = Math.max(longest, entry[2]);
  }
  return longest;
}

/** A line of exactly `width` characters that reads like `line` to the rules and the parser. */
export function standIn(line: string, width: number): string {
  if (line.length <= width) return line;
  const last = line.charAt(line.length - 1) === "#" ? "-" : line.charAt(line.length - 1);
  const marks = `${URL.test(line) ? " https://x" : ""}${hasReference(line) ? " closes #1" : ""} `;
  const head = line.slice(0, Math.max(0, width - marks.length - 1)).replace(/#/g, "-");
  return `${head}${marks}${last}`;
}

function note(message: string): RuleProblem {
  return { rule: "message-size", severity: "warning", message };
}
