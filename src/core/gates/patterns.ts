import picomatch from "picomatch";
import { parseSourceUri } from "./source-uri.js";

const cache = new Map<string, (s: string) => boolean>();
function matcher(pattern: string, nocase: boolean): (s: string) => boolean {
  const key = `${nocase ? "i" : "c"}${pattern}`;
  let m = cache.get(key);
  if (!m) cache.set(key, (m = picomatch(pattern, { dot: true, nocase })));
  return m;
}

/**
 * Builder ids are URIs compared as written: `*` stays within a path segment, `**` crosses them
 * (`https://github.com/acme/.github/.github/workflows/build.yml@refs/*`).
 */
export function matchesAny(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => p === value || matcher(p, false)(value));
}

/**
 * Source repositories compare normalized and case-insensitively (GitHub names are): a pattern may
 * be written `github.com/acme/*`, `https://github.com/acme/*` or `git+https://github.com/acme/api`.
 */
export function matchesSource(patterns: readonly string[], repository: string): boolean {
  const repo = repository.toLowerCase();
  return patterns.some((p) => {
    const normalized = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(p)
      ? (parseSourceUri(p)?.repository ?? p)
      : p;
    return matcher(normalized.toLowerCase().replace(/\/+$/, ""), true)(repo);
  });
}
