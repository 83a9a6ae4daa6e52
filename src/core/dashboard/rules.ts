import { z } from "zod";
import type { IgnoreTarget } from "../commands/catalog.js";
import { displayImage } from "../pr/title.js";

/**
 * A `/ignore` rule, kept in the dashboard issue's state block (GitHub holds the app's state).
 * `version` ignores one tag; `major`/`minor`/`patch` ignore every tag on the line of `tag`
 * (`2.x`, `2.3.x`, `2.3.4` with any suffix) until the deployed tag itself is on that line, as
 * Dependabot does ("unless you upgrade to it yourself"); `image` ignores every tag.
 */
export interface IgnoreRule {
  id: number;
  /** Normalized image repository: `ghcr.io/acme/api`. */
  repository: string;
  /** The environment it applies to; null for every environment. */
  environment: string | null;
  kind: IgnoreTarget;
  /** The tag the rule was made from; null for `image`. */
  tag: string | null;
  /** Who asked, and on which PR (null when from the dashboard or the API). */
  by: string;
  pr: number | null;
  /** ISO time, given by the caller. */
  at: string;
}

export const ignoreRuleSchema = z.object({
  id: z.number().int().min(1),
  repository: z.string().min(1),
  environment: z.string().min(1).nullable(),
  kind: z.enum(["version", "major", "minor", "patch", "image"]),
  tag: z.string().min(1).nullable(),
  by: z.string(),
  pr: z.number().int().nullable(),
  at: z.string(),
});

const DEPTH: Record<Exclude<IgnoreTarget, "version" | "image">, number> = {
  major: 1,
  minor: 2,
  patch: 3,
};

/** `v1.21.3-alpine` → `["1", "21", "3"]`; null when the tag does not start with a number. */
export function versionNumbers(tag: string): string[] | null {
  const m = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?![\d])/.exec(tag);
  if (!m) return null;
  return [m[1], m[2], m[3]]
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/^0+(?=\d)/, ""));
}

/** The line a tag is on at this depth (`["2", "3"]` for minor of `2.3.4`), or null without one. */
export function versionLine(tag: string, kind: IgnoreTarget): string[] | null {
  if (kind === "version" || kind === "image") return null;
  const numbers = versionNumbers(tag);
  const depth = DEPTH[kind];
  return numbers && numbers.length >= depth ? numbers.slice(0, depth) : null;
}

/**
 * Why a rule cannot be made from this tag (`/ignore this minor` on `sha-3f2a9c1`), or null.
 * `deployed` are the tags the environment runs now (the PR marker's `from`): a line they are all
 * on is not ignored for them, so a rule for it would change nothing (`/ignore this major` on a
 * minor bump) and is refused rather than promised.
 */
export function ruleProblem(
  kind: IgnoreTarget,
  tag: string | null,
  deployed: readonly string[] = [],
): string | null {
  if (kind === "image") return null;
  if (tag === null) return "this pull request proposes a digest without a tag";
  if (kind === "version") return null;
  const line = versionLine(tag, kind);
  if (line !== null) {
    if (deployed.length === 0 || !deployed.every((d) => onLine(d, line))) return null;
    const wildcard = kind === "patch" ? line.join(".") : `${line.join(".")}.x`;
    const runs = deployed.map((d) => `\`${d}\``).join(", ");
    return `this environment already runs ${runs}, on the \`${wildcard}\` ${kind} line, and a line you run is never ignored for you`;
  }
  const has = versionNumbers(tag);
  if (has === null) return `\`${tag}\` is not a version number, so it has no ${kind} line`;
  return `\`${tag}\` has no ${kind} number`;
}

/** What a rule ignores, for people: `acme/api 2.x in staging`. */
export function describeRule(rule: IgnoreRule): string {
  const image = `\`${displayImage(rule.repository)}\``;
  const where = rule.environment ? ` in ${rule.environment}` : " in every environment";
  if (rule.kind === "image" || rule.tag === null) return `every tag of ${image}${where}`;
  if (rule.kind === "version") return `${image} \`${rule.tag}\`${where}`;
  const line = versionLine(rule.tag, rule.kind) ?? [];
  const wildcard = rule.kind === "patch" ? line.join(".") : `${line.join(".")}.x`;
  return `${image} \`${wildcard}\` (${rule.kind} line)${where}`;
}

export interface IgnoreQuery {
  repository: string;
  environment: string;
  tag: string;
  /** The tag deployed in that environment now, when known. */
  current: string | null;
}

/** The reason this tag is not to be proposed, or undefined when no rule ignores it. */
export function isIgnored(rules: readonly IgnoreRule[], q: IgnoreQuery): string | undefined {
  const rule = rules.find((r) => appliesTo(r, q.repository, q.environment) && matches(r, q));
  if (!rule) return undefined;
  const who = `/ignore by @${rule.by}${rule.pr === null ? "" : ` in #${rule.pr}`}`;
  return `${describeRule(rule)} is ignored (${who}); /unignore to propose it again`;
}

function appliesTo(rule: IgnoreRule, repository: string, environment: string): boolean {
  return (
    rule.repository === repository &&
    (rule.environment === null || rule.environment === environment)
  );
}

function matches(rule: IgnoreRule, q: Pick<IgnoreQuery, "tag" | "current">): boolean {
  if (rule.kind === "image") return true;
  if (rule.tag === null) return false;
  if (rule.kind === "version") return rule.tag === q.tag;
  const line = versionLine(rule.tag, rule.kind);
  if (!line || !onLine(q.tag, line)) return false;
  // Someone moved to that line by hand: the rule no longer speaks for them.
  return q.current === null || !onLine(q.current, line);
}

function onLine(tag: string, line: string[]): boolean {
  const numbers = versionNumbers(tag);
  return numbers !== null && line.every((part, i) => numbers[i] === part);
}

/** Adds a rule unless an equal one exists (same image, environment, kind and line). */
export function addRule(
  rules: readonly IgnoreRule[],
  rule: IgnoreRule,
): { rules: IgnoreRule[]; added: boolean } {
  const same = rules.some(
    (r) =>
      r.repository === rule.repository &&
      r.environment === rule.environment &&
      r.kind === rule.kind &&
      sameLine(r, rule),
  );
  return same ? { rules: [...rules], added: false } : { rules: [...rules, rule], added: true };
}

function sameLine(a: IgnoreRule, b: IgnoreRule): boolean {
  if (a.kind === "image") return true;
  if (a.tag === null || b.tag === null) return a.tag === b.tag;
  if (a.kind === "version") return a.tag === b.tag;
  return JSON.stringify(versionLine(a.tag, a.kind)) === JSON.stringify(versionLine(b.tag, b.kind));
}

/**
 * `/unignore [version]` for an image in an environment: drops the rules that apply there (its
 * own and the every-environment ones), all of them or only those that ignore `version`.
 */
export function removeRules(
  rules: readonly IgnoreRule[],
  target: { repository: string; environment: string; version: string | null },
): { rules: IgnoreRule[]; removed: IgnoreRule[] } {
  const removed: IgnoreRule[] = [];
  const kept: IgnoreRule[] = [];
  for (const rule of rules) {
    const hit =
      appliesTo(rule, target.repository, target.environment) &&
      (target.version === null || matches(rule, { tag: target.version, current: null }));
    (hit ? removed : kept).push(rule);
  }
  return { rules: kept, removed };
}
