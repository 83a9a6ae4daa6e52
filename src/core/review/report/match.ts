import type { Finding } from "../finding.js";
import { oneLine } from "./comment-body.js";

/** A review thread bumpwarden opened earlier on this pull request, found by its marker. */
export interface BotThread {
  id: string;
  resolved: boolean;
  fingerprint: string;
  /** The thread's line at the PR head as GitHub follows it; null once its line changed or left. */
  line: number | null;
  /** Its first comment, whose message tells apart two findings of one rule on one line. */
  body: string;
}

/**
 * Pairs findings with the threads already on the PR. Identical findings share a fingerprint, so
 * among the threads and findings of one fingerprint the closest lines pair first (a thread GitHub
 * lost the line of comes last): inserting or removing a copy of a finding leaves the other's
 * thread where it is. At equal distance a thread that says the finding's message goes first, then
 * the earlier finding and the earlier thread, so the result is deterministic. A marker from an
 * earlier version (an occurrence index in the hash) counts for the finding it names. Findings
 * without a thread are new; threads without a finding are gone.
 */
export function matchThreads(
  findings: readonly Finding[],
  threads: readonly BotThread[],
): { matched: Map<Finding, BotThread>; unmatched: BotThread[] } {
  const groupOf = new Map<string, string>();
  for (const f of findings) {
    groupOf.set(f.fingerprint, f.fingerprint);
    if (f.legacyFingerprint !== undefined && !groupOf.has(f.legacyFingerprint))
      groupOf.set(f.legacyFingerprint, f.fingerprint);
  }
  const groups = new Map<string, { findings: Finding[]; threads: BotThread[] }>();
  for (const f of findings) group(groups, f.fingerprint).findings.push(f);
  for (const t of threads) {
    const g = groupOf.get(t.fingerprint);
    if (g !== undefined) group(groups, g).threads.push(t);
  }

  const matched = new Map<Finding, BotThread>();
  for (const g of groups.values()) {
    if (g.threads.length === 0) continue;
    const pairs: Array<{ f: number; t: number; distance: number; other: number }> = [];
    g.findings.forEach((f, fi) => {
      const message = oneLine(f.message);
      g.threads.forEach((t, ti) =>
        pairs.push({
          f: fi,
          t: ti,
          distance: t.line === null ? Number.MAX_SAFE_INTEGER : Math.abs(t.line - f.line),
          other: t.body.includes(message) ? 0 : 1,
        }),
      );
    });
    pairs.sort((a, b) => a.distance - b.distance || a.other - b.other || a.f - b.f || a.t - b.t);
    const usedF = new Set<number>();
    const usedT = new Set<number>();
    for (const p of pairs) {
      if (usedF.has(p.f) || usedT.has(p.t)) continue;
      usedF.add(p.f);
      usedT.add(p.t);
      matched.set(g.findings[p.f] as Finding, g.threads[p.t] as BotThread);
    }
  }
  const taken = new Set(matched.values());
  return { matched, unmatched: threads.filter((t) => !taken.has(t)) };
}

function group(
  groups: Map<string, { findings: Finding[]; threads: BotThread[] }>,
  key: string,
): { findings: Finding[]; threads: BotThread[] } {
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { findings: [], threads: [] }));
  return g;
}
