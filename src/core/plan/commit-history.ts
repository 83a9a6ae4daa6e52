import { commitOfTag } from "../versions/ci-scheme.js";
import type { CommitRelation } from "./types.js";

/**
 * A source repository's history as far as a `ci` policy needs it: commits oldest → newest (the
 * oldest deployed commit, then every later one), and how it was found.
 */
export interface CommitHistory {
  commits: readonly string[];
  /** A clause, e.g. "commit order from GitHub's compare API on acme/api, 3f2a9c1...HEAD". */
  why: string;
}

/** Position of a commit (full or abbreviated SHA) in `commits`, or -1. */
function positionOf(commits: readonly string[], sha: string): number {
  const s = sha.toLowerCase();
  return commits.findIndex((c) => {
    const full = c.toLowerCase();
    return full.startsWith(s) || s.startsWith(full);
  });
}

/** How `candidate`'s commit stands against each of `tags`' in a known history (see `acceptTag`). */
export function relationsFromHistory(
  template: string,
  history: CommitHistory,
  candidate: string,
  tags: readonly string[],
): Record<string, CommitRelation> {
  const out: Record<string, CommitRelation> = {};
  const sha = commitOfTag(template, candidate);
  const at = sha === null ? -1 : positionOf(history.commits, sha);
  for (const tag of tags) {
    const other = commitOfTag(template, tag);
    const there = other === null ? -1 : positionOf(history.commits, other);
    out[tag] =
      at < 0 || there < 0
        ? {
            pushed: "unknown",
            why: `the commit of ${at < 0 ? candidate : tag} is not in the history read (${history.why})`,
          }
        : {
            pushed: at > there ? "newer" : at < there ? "older" : "same",
            why: `${history.why.charAt(0).toUpperCase()}${history.why.slice(1)}.`,
          };
  }
  return out;
}
