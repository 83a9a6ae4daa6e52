import { normalizeRepository, parseReference } from "../image-ref.js";

/** A reference that still holds variables (`${TAG}`, `$REGISTRY`), split without validating it. */
export interface LenientReference {
  name: string;
  repository: string;
  tag: string | null;
  digest: string | null;
  /** Index of the tag (and digest) in the text, when present. */
  tagIndex: number;
  digestIndex: number;
}

/**
 * Splits `name[:tag][@digest]` where `${…}` may hide separators: the tag is the text after the last
 * ":" that follows the last "/", ignoring ":" and "/" inside `${…}`.
 */
export function parseLenient(text: string): LenientReference {
  const masked = text.replace(/\$\{[^}]*\}/g, (m) => "x".repeat(m.length));
  const at = masked.indexOf("@");
  const nameAndTag = at === -1 ? text : text.slice(0, at);
  const maskedNameAndTag = at === -1 ? masked : masked.slice(0, at);
  const colon = maskedNameAndTag.lastIndexOf(":");
  const hasTag = colon > maskedNameAndTag.lastIndexOf("/");
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  return {
    name,
    repository: repositoryOf(name),
    tag: hasTag ? nameAndTag.slice(colon + 1) : null,
    digest: at === -1 ? null : text.slice(at + 1),
    tagIndex: hasTag ? colon + 1 : -1,
    digestIndex: at === -1 ? -1 : at + 1,
  };
}

const DEFAULTED = /\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}$]*)\}/g;

/**
 * The repository of a name with variables: with every `${VAR:-default}` / `${VAR-default}` replaced
 * by its default (compose interpolation), normalized when that leaves a valid name; otherwise the
 * name as written (a `${VAR}` without default names no repository anyone can match).
 */
function repositoryOf(name: string): string {
  const filled = name.replace(DEFAULTED, (_, value: string) => value);
  const parsed = filled.includes("$") ? undefined : parseReference(filled);
  return parsed?.ok && parsed.value.tag === null && parsed.value.digest === null
    ? parsed.value.repository
    : normalizeRepository(name);
}

/** Whether a value is a template or holds a variable rather than a literal reference. */
export const isTemplated = (text: string): boolean => text.includes("{{");

const VARIABLE = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * Whether a value is a valid reference once its shell-style variables (`${TAG:-1}`, `$REGISTRY`)
 * are filled in: such a value is read leniently. `$(id)` or `; rm` never are.
 */
export function holdsVariables(text: string): boolean {
  if (!text.includes("$")) return false;
  const filled = text.replace(VARIABLE, "x");
  return !filled.includes("$") && parseReference(filled).ok;
}
