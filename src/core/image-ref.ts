import { err, ok } from "./result.js";
import type { Result } from "./result.js";

/**
 * Container image references, parsed and normalized as distribution/reference does
 * (https://github.com/distribution/reference, Apache-2.0; grammar re-expressed here, not copied).
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component [ "/" path-component ]*
 */
export interface ImageReference {
  /** The text as written. */
  raw: string;
  /** Registry host[:port]; "" when the text names no registry (distribution `Parse` semantics). */
  domain: string;
  /** The name without its domain. */
  path: string;
  /** domain/path as written (no normalization). */
  name: string;
  /** Normalized: `nginx` -> `docker.io/library/nginx`, `index.docker.io` -> `docker.io`. */
  repository: string;
  tag: string | null;
  /** `<algorithm>:<hex>`, e.g. `sha256:…`. */
  digest: string | null;
}

export type ReferenceErrorCode =
  | "invalid-format"
  | "name-empty"
  | "name-uppercase"
  | "name-too-long"
  | "digest-invalid-length"
  | "digest-unsupported"
  | "tag-invalid";

export interface ReferenceError {
  code: ReferenceErrorCode;
  message: string;
}

const NAME_TOTAL_LENGTH_MAX = 255;
const DEFAULT_DOMAIN = "docker.io";
const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
const OFFICIAL_PREFIX = "library/";

const alphanumeric = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]+)";
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const ipv6 = "\\[(?:[a-fA-F0-9:]+)\\]";
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPat = "[\\w][\\w.-]{0,127}";
const digestPat = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const REFERENCE = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const NAME = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const TAG = new RegExp(`^${tagPat}$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
/** Algorithms this build verifies; like distribution built without crypto/sha512, sha256 only. */
const ALGORITHMS = new Map<string, RegExp>([["sha256", /^[a-f0-9]{64}$/]]);
const ALGORITHM_FORMAT = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

const fail = (code: ReferenceErrorCode, message: string) => err<ReferenceError>({ code, message });

const cache = new Map<string, Result<ImageReference, ReferenceError>>();
const CACHE_SIZE = 4096;

/**
 * Parses a reference without normalizing it (`Parse`), and adds the normalized repository. A bare
 * 64-hex name is refused, as Docker does (it is an image ID). Results are frozen and shared.
 */
export function parseReference(text: string): Result<ImageReference, ReferenceError> {
  // GitOps trees repeat the same references across environments: remember recent answers.
  const known = cache.get(text);
  if (known) return known;
  const parsed = parseUncached(text);
  const result = Object.freeze(
    parsed.ok ? ok(Object.freeze(parsed.value)) : err(Object.freeze(parsed.error)),
  );
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(text, result);
  return result;
}

function parseUncached(text: string): Result<ImageReference, ReferenceError> {
  const match = REFERENCE.exec(text);
  if (!match) return explainMismatch(text);
  const name = match[1] ?? "";
  const named = NAME.exec(name);
  const domain = named?.[1] ?? "";
  const path = named?.[2] ?? name;
  if (path.length > NAME_TOTAL_LENGTH_MAX)
    return fail(
      "name-too-long",
      `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
    );
  if (domain === "" && IDENTIFIER.test(name))
    return fail(
      "invalid-format",
      `invalid repository name (${name}): cannot be a 64-character hexadecimal string`,
    );
  const digest = match[3] ?? null;
  if (digest !== null) {
    const problem = digestProblem(digest);
    if (problem) return err(problem);
  }
  return ok({
    raw: text,
    domain,
    path,
    name,
    repository: normalizeRepository(name),
    tag: match[2] ?? null,
    digest,
  });
}

function explainMismatch(text: string): Result<ImageReference, ReferenceError> {
  if (text === "") return fail("name-empty", "repository name must have at least one component");
  if (REFERENCE.test(text.toLowerCase()))
    return fail("name-uppercase", "repository name must be lowercase");
  const at = text.indexOf("@");
  const withoutDigest = at === -1 ? text : text.slice(0, at);
  const colon = withoutDigest.lastIndexOf(":");
  if (
    colon > withoutDigest.lastIndexOf("/") &&
    colon > 0 &&
    NAME.test(withoutDigest.slice(0, colon))
  ) {
    const tag = withoutDigest.slice(colon + 1);
    if (!TAG.test(tag))
      return fail(
        "tag-invalid",
        `invalid tag "${tag}": letters, digits, "_", "." and "-", at most 128`,
      );
  }
  return fail("invalid-format", `invalid reference format: "${text}"`);
}

function digestProblem(digest: string): ReferenceError | undefined {
  const colon = digest.indexOf(":");
  if (colon <= 0 || colon === digest.length - 1)
    return { code: "invalid-format", message: "invalid digest format" };
  const encoded = ALGORITHMS.get(digest.slice(0, colon));
  if (!encoded) {
    if (!ALGORITHM_FORMAT.test(digest))
      return { code: "invalid-format", message: "invalid digest format" };
    return {
      code: "digest-unsupported",
      message: `unsupported digest algorithm "${digest.slice(0, colon)}"`,
    };
  }
  const hex = digest.slice(colon + 1);
  if (hex.length !== 64)
    return { code: "digest-invalid-length", message: "invalid checksum digest length" };
  if (!encoded.test(hex))
    return { code: "invalid-format", message: "invalid checksum digest format" };
  return undefined;
}

/** Splits off the registry the way Docker does: a first component with "." or ":", "localhost", or upper case. */
export function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (
    slash === -1 ||
    (!/[.:]/.test(first) && first !== "localhost" && first.toLowerCase() === first)
  ) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/"))
    remainder = OFFICIAL_PREFIX + remainder;
  return { domain, remainder };
}

/**
 * `nginx` -> `docker.io/library/nginx`, `index.docker.io/x/y` -> `docker.io/x/y`. Case is kept.
 * Names that still hold a variable (`$`, `{{`) are returned as written.
 */
export function normalizeRepository(name: string): string {
  if (name.includes("$") || name.includes("{{")) return name;
  const { domain, remainder } = splitDockerDomain(name);
  return `${domain}/${remainder}`;
}

/** The short name Docker prints: `docker.io/library/nginx` -> `nginx`, `docker.io/x/y` -> `x/y`. */
export function familiarName(repository: string): string {
  const { domain, remainder } = splitDockerDomain(repository);
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${remainder}`;
  const rest = remainder.startsWith(OFFICIAL_PREFIX)
    ? remainder.slice(OFFICIAL_PREFIX.length)
    : remainder;
  return rest.includes("/") ? remainder : rest;
}

/** `ParseNormalizedNamed`: like parseReference, then the repository must be a valid normalized name. */
export function parseNormalized(text: string): Result<ImageReference, ReferenceError> {
  if (IDENTIFIER.test(text))
    return fail(
      "invalid-format",
      `invalid repository name (${text}): cannot be a 64-character hexadecimal string`,
    );
  const { domain, remainder } = splitDockerDomain(text);
  const tagSep = remainder.indexOf(":");
  const remote = tagSep === -1 ? remainder : remainder.slice(0, tagSep);
  if (remote.toLowerCase() !== remote)
    return fail("name-uppercase", `repository name (${remote}) must be lowercase`);
  const parsed = parseReference(`${domain}/${remainder}`);
  if (!parsed.ok) return parsed;
  return ok({ ...parsed.value, raw: text });
}

/**
 * `ParseDockerRef`: the normalized string Docker resolves, with `:latest` added when neither tag nor
 * digest is given, and the tag dropped when both are.
 */
export function dockerReference(text: string): Result<string, ReferenceError> {
  const parsed = parseNormalized(text);
  if (!parsed.ok) return parsed;
  const { repository, tag, digest } = parsed.value;
  if (digest) return ok(`${repository}@${digest}`);
  return ok(`${repository}:${tag ?? "latest"}`);
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function isValidDigest(digest: string): boolean {
  return digestProblem(digest) === undefined;
}

export function formatReference(ref: {
  name: string;
  tag?: string | null;
  digest?: string | null;
}): string {
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}
