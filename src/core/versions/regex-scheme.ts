import type { SemVer } from "semver";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { Scheme } from "./rank.js";
import { parseSemverTag } from "./semver-scheme.js";
import type { PolicyError } from "./types.js";

export type RegexOrder = "numerical" | "alphabetical" | "semver";

type Key = { numbers: bigint[] } | { text: string } | { version: SemVer };

/**
 * Tags must match `pattern`; the named group `extract` (else the first group, else the whole
 * match) is compared. `numerical` compares dot/dash/underscore-separated digit runs as numbers, so
 * build numbers, Unix timestamps and CalVer (`2024.01.15`) order correctly.
 */
export function regexScheme(pattern: string, order: RegexOrder): Result<Scheme<Key>, PolicyError> {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    return err({
      code: "invalid-regex",
      message: `/${pattern}/ is not a valid regular expression: ${(e as Error).message}`,
    });
  }
  const extractOf = (tag: string): string | null => {
    const m = re.exec(tag);
    if (!m) return null;
    return m.groups?.extract ?? m[1] ?? m[0];
  };
  const parse = (tag: string): Key | "not-a-version" => {
    const part = extractOf(tag);
    if (part === null) return "not-a-version";
    if (order === "alphabetical") return { text: part };
    if (order === "semver") {
      const version = parseSemverTag(part);
      return version ? { version } : "not-a-version";
    }
    if (!/^\d+(?:[._-]\d+)*$/.test(part)) return "not-a-version";
    return { numbers: part.split(/[._-]/).map((d) => BigInt(d)) };
  };
  return ok({
    describe: `match /${pattern}/ (${order} order)`,
    parse,
    compare: compareKeys,
    tieBreak: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  });
}

function compareKeys(a: Key, b: Key): number {
  if ("numbers" in a && "numbers" in b) {
    const n = Math.max(a.numbers.length, b.numbers.length);
    for (let i = 0; i < n; i++) {
      const x = a.numbers[i] ?? -1n;
      const y = b.numbers[i] ?? -1n;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
  if ("version" in a && "version" in b) return a.version.compare(b.version);
  if ("text" in a && "text" in b) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  return 0;
}
