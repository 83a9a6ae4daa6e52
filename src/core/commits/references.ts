/**
 * Whether conventional-commits-parser would find an issue reference (`Closes #12`, `#34`) in a
 * line, decided in linear time. The parser's own pattern for this is cubic in the length of a
 * word, so `lint.ts` only lets it run when a reference is actually there. Mirrors the parser's
 * defaults (v6): reference actions, the URL exemption, and `#` as the only issue prefix (the
 * conventionalcommits preset's `issuePrefixes`).
 */

const ACTIONS = [
  "close",
  "closes",
  "closed",
  "fix",
  "fixes",
  "fixed",
  "resolve",
  "resolves",
  "resolved",
];
const JOINED = ACTIONS.join("|");
const URL = /\b(?:https?):\/\/(?:www\.)?([-a-zA-Z0-9@:%_+.~#?&//=])+\b/;
const REFERENCE = /#[\w-]+(?=\s|$|[,;)\]])/;

/** The parser's sentence split: text after each action keyword, or the whole line. */
function sentences(line: string): string[] {
  const actions = new RegExp(`(${JOINED})(?:\\s+(.*?))(?=(?:${JOINED})|$)`, "gi");
  const found = [...line.matchAll(actions)].map((m) => m[2] ?? "");
  if (found.length > 0) return found;
  return line.length > 0 ? [line] : [];
}

export function hasReference(line: string): boolean {
  return sentences(line).some((s) => !URL.test(s) && REFERENCE.test(s));
}
