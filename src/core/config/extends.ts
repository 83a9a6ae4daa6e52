import { err, ok } from "../result.js";
import type { Result } from "../result.js";

/** A repository a config can extend. The file read there is always `.github/bumpwarden.yml`. */
export interface RepoRef {
  owner: string;
  repo: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Reads `_extends`: `<repo>` (same owner, e.g. `.github`) or `<owner>/<repo>`. A missing key is
 * `null`; anything else is an error text.
 */
export function parseExtends(
  value: Record<string, unknown>,
  from: RepoRef,
): Result<RepoRef | null, string> {
  const raw = value._extends;
  if (raw === undefined || raw === null) return ok(null);
  if (typeof raw !== "string")
    return err("_extends must be a repository name: `.github` or `owner/repo`");
  const parts = raw.trim().split("/");
  const [first, second] = parts;
  if (parts.length === 1 && first && NAME.test(first))
    return ok({ owner: from.owner, repo: first });
  if (parts.length === 2 && first && second && NAME.test(first) && NAME.test(second))
    return ok({ owner: first, repo: second });
  return err(`_extends: "${raw}" is not \`repo\` or \`owner/repo\``);
}

export const repoKey = (r: RepoRef): string => `${r.owner}/${r.repo}`.toLowerCase();

/**
 * Merges an extending config over its base: mappings merge key by key, scalars and lists from the
 * extending file replace the base's, except `images`, where the extending file's rules come first
 * and the base's follow (the first matching rule wins, so a repository can override an org rule
 * and still inherit the others). `_extends` itself is not carried over.
 */
export function mergeConfigValues(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out = mergeMaps(base, over);
  const images = [over.images, base.images].flatMap((v) =>
    Array.isArray(v) ? (v as unknown[]) : [],
  );
  if (Array.isArray(over.images) || Array.isArray(base.images)) out.images = images;
  delete out._extends;
  return out;
}

function mergeMaps(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isMap(prior) && isMap(value) ? mergeMaps(prior, value) : value;
  }
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
