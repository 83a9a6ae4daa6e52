import { isArtifactTag } from "./non-release.js";
import type { Selection, SkipReason, SkipSummary } from "./types.js";

/**
 * How one policy reads and orders tags. `parse` sees a tag alone; `admit` may compare it with the
 * current tag's key (pre-releases of the current version, the current branch).
 */
export interface Scheme<K extends object> {
  /** Completes "tags that …", e.g. `satisfy ">=1.0.0 <2.0.0"`. */
  describe: string;
  parse(tag: string): K | SkipReason;
  compare(a: K, b: K): number;
  admit?(key: K, current: K | null): SkipReason | null;
  /** Prefer among tags whose keys compare equal (`v1.2.3` vs `1.2.3`). */
  tieBreak?(a: string, b: string, current: string | null): number;
  /** Said when the current tag cannot be read by this scheme. */
  currentUnreadable?: string;
}

const LABEL: Record<SkipReason, [string, string]> = {
  artifact: ["signature/attestation tag", "signature/attestation tags"],
  "not-a-version": [
    "tag that is not a version under this policy",
    "tags that are not versions under this policy",
  ],
  prerelease: ["pre-release", "pre-releases"],
  "out-of-range": ["version outside the range", "versions outside the range"],
  "not-newer": ["tag not newer than the current one", "tags not newer than the current one"],
  "other-branch": ["tag from another branch", "tags from another branch"],
  "unknown-commit": [
    "tag whose commit is not in the given history",
    "tags whose commit is not in the given history",
  ],
};

class Skips {
  private readonly byReason = new Map<SkipReason, SkipSummary>();
  add(reason: SkipReason, tag: string): void {
    const s = this.byReason.get(reason);
    if (!s) this.byReason.set(reason, { reason, count: 1, examples: [tag] });
    else {
      s.count++;
      if (s.examples.length < 3) s.examples.push(tag);
    }
  }
  list(): SkipSummary[] {
    return [...this.byReason.values()];
  }
}

export function rankTags<K extends object>(
  tags: readonly string[],
  scheme: Scheme<K>,
  current: string | null,
): Selection {
  const skips = new Skips();
  let currentKey: K | null = null;
  if (current !== null) {
    const parsed = isArtifactTag(current) ? ("artifact" as const) : scheme.parse(current);
    if (typeof parsed === "string") return unreadableCurrent(scheme, current, skips);
    currentKey = parsed;
  }
  const kept: { tag: string; key: K }[] = [];
  for (const tag of tags) {
    if (isArtifactTag(tag)) {
      skips.add("artifact", tag);
      continue;
    }
    const key = scheme.parse(tag);
    if (typeof key === "string") {
      skips.add(key, tag);
      continue;
    }
    const refused = scheme.admit?.(key, currentKey) ?? null;
    if (refused) {
      skips.add(refused, tag);
      continue;
    }
    if (currentKey !== null && tag !== current && scheme.compare(key, currentKey) <= 0) {
      skips.add("not-newer", tag);
      continue;
    }
    if (tag === current) continue;
    kept.push({ tag, key });
  }
  kept.sort(
    (a, b) => scheme.compare(b.key, a.key) || (scheme.tieBreak?.(a.tag, b.tag, current) ?? 0),
  );
  const candidates = kept.map((k) => k.tag);
  const skipped = skips.list();
  const chosen = candidates[0] ?? null;
  return {
    tag: chosen,
    previous: current,
    candidates,
    skipped,
    why: explain(chosen, current, scheme, kept.length, skipped),
  };
}

function unreadableCurrent<K extends object>(
  scheme: Scheme<K>,
  current: string,
  skips: Skips,
): Selection {
  const why =
    `The current tag ${current} is not a version under this policy (tags that ${scheme.describe}), ` +
    `so no tag can be shown to be newer; nothing is selected. ${scheme.currentUnreadable ?? "Pin a tag the policy can read first."}`;
  return { tag: null, previous: current, candidates: [], skipped: skips.list(), why };
}

function explain<K extends object>(
  chosen: string | null,
  current: string | null,
  scheme: Scheme<K>,
  count: number,
  skipped: SkipSummary[],
): string {
  let head: string;
  if (chosen === null)
    head =
      current === null
        ? `No tag qualifies (the policy wants tags that ${scheme.describe}).`
        : `${current} stays: no tag that ${scheme.describe} is newer.`;
  else if (current === null)
    head = `${chosen} is the newest of ${count} tag${count === 1 ? "" : "s"} that ${scheme.describe}.`;
  else
    head = `${chosen} is the newest of ${count} tag${count === 1 ? "" : "s"} that ${scheme.describe} and ${count === 1 ? "is" : "are"} newer than ${current}.`;
  if (skipped.length === 0) return head;
  const parts = skipped.map((s) => {
    const [one, many] = LABEL[s.reason];
    return `${s.count} ${s.count === 1 ? one : many} (${s.examples.join(", ")}${s.count > s.examples.length ? ", …" : ""})`;
  });
  return `${head} Skipped ${parts.join("; ")}.`;
}
