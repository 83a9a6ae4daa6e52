import semver from "semver";
import type { SemVer } from "semver";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { Scheme } from "./rank.js";
import type { PolicyError } from "./types.js";

/** Cheap shape check before `semver.parse`, which is the expensive part on thousands of tags. */
const SHAPE = /^[vV]?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

/** A tag read as semver: `1.2.3`, `v1.2.3`, `1.2.3-rc.1`, `1.2.3+build.5`. Partial `1.2` is not. */
export function parseSemverTag(tag: string): SemVer | null {
  if (!SHAPE.test(tag)) return null;
  return semver.parse(tag.charCodeAt(0) === 118 || tag.charCodeAt(0) === 86 ? tag.slice(1) : tag);
}

export interface SemverOptions {
  range: string;
  /** Consider every pre-release. Without it, only pre-releases of the current version's tuple are. */
  prerelease?: boolean | undefined;
}

/**
 * npm semver ordering and ranges. Pre-releases follow npm's rule: excluded unless asked for, or
 * unless they belong to the same `major.minor.patch` as a current pre-release (so `2.0.0-rc.1`
 * moves to `2.0.0-rc.2` and then `2.0.0`).
 */
export function semverScheme(options: SemverOptions): Result<Scheme<SemVer>, PolicyError> {
  let range: semver.Range;
  try {
    range = new semver.Range(options.range, { includePrerelease: true });
  } catch {
    return err({ code: "invalid-range", message: `"${options.range}" is not an npm semver range` });
  }
  const all = options.prerelease === true;
  return ok({
    describe: `satisfy "${options.range}"${all ? " (pre-releases included)" : ""}`,
    parse: (tag) => parseSemverTag(tag) ?? "not-a-version",
    compare: (a, b) => a.compare(b),
    admit(v, current) {
      if (v.prerelease.length > 0 && !all && !sameTuplePrerelease(v, current)) return "prerelease";
      return range.test(v) ? null : "out-of-range";
    },
    tieBreak: (a, b, current) => prefixPreference(a, b, current) || a.localeCompare(b),
    currentUnreadable: "Use a tag such as 1.2.3 or v1.2.3, or a regex policy.",
  });
}

function sameTuplePrerelease(v: SemVer, current: SemVer | null): boolean {
  return (
    current !== null &&
    current.prerelease.length > 0 &&
    current.major === v.major &&
    current.minor === v.minor &&
    current.patch === v.patch
  );
}

/** With both `v1.2.3` and `1.2.3` present, keep the spelling the current tag uses. */
function prefixPreference(a: string, b: string, current: string | null): number {
  const wantsV = current !== null && /^[vV]/.test(current);
  const av = /^[vV]/.test(a) === wantsV;
  const bv = /^[vV]/.test(b) === wantsV;
  return av === bv ? 0 : av ? -1 : 1;
}
