import semver from "semver";
import { parseSemverTag } from "../versions/semver-scheme.js";

/**
 * `images[].ignore`: tags (exact) or npm semver ranges never to propose. Returns the entry that
 * matched, or undefined. A range only matches tags that read as semver (`v` prefix allowed).
 */
export function configIgnore(
  entries: readonly string[] | undefined,
  tag: string,
): string | undefined {
  const version = parseSemverTag(tag);
  return (entries ?? []).find((entry) => {
    if (entry === tag) return true;
    if (!version) return false;
    try {
      return semver.satisfies(version, entry, { includePrerelease: true });
    } catch {
      return false;
    }
  });
}
