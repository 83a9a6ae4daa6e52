import conventional from "@commitlint/config-conventional";
import type { Config } from "../config/schema.js";
import type { CommitRuleInput, RuleLevelInput } from "./rule-schema.js";

export type RuleLevel = 0 | 1 | 2;
export type RuleCondition = "always" | "never";
/** A commitlint rule in its canonical tuple form. */
export type RuleEntry =
  readonly [0] | readonly [RuleLevel, RuleCondition] | readonly [RuleLevel, RuleCondition, unknown];

/** How bumpwarden's own PR titles and commit messages are typed (config `pullRequests`). */
export interface OwnTitleStyle {
  type: string;
  scope: string;
  digestType: string;
}

/** Everything the commit check needs from the configuration, normalized. */
export interface CommitPolicy {
  enabled: boolean;
  /** Check every commit of the PR, not only the message GitHub will use for a squash. */
  checkCommits: boolean;
  rules: Readonly<Record<string, RuleEntry>>;
  own: OwnTitleStyle;
}

type CommitsConfig = Pick<Config["commits"], "conventional" | "checkCommits" | "scopes"> & {
  types?: string[] | undefined;
  rules?: Partial<Record<string, CommitRuleInput>>;
};
type PullRequestsConfig = Pick<
  Config["pullRequests"],
  "commitType" | "commitScope" | "digestCommitType"
>;

export const DEFAULT_OWN_STYLE: OwnTitleStyle = { type: "chore", scope: "deps", digestType: "fix" };

/**
 * `@commitlint/config-conventional`'s rules, then `commits.types` / `commits.scopes`, then
 * `commits.rules`. The app's own types and scope are always added to the type and scope lists,
 * so its own titles pass whatever the lists say.
 */
export function commitPolicy(config: {
  commits: CommitsConfig;
  pullRequests?: PullRequestsConfig;
}): CommitPolicy {
  const { commits } = config;
  const own: OwnTitleStyle = config.pullRequests
    ? {
        type: config.pullRequests.commitType,
        scope: config.pullRequests.commitScope,
        digestType: config.pullRequests.digestCommitType,
      }
    : DEFAULT_OWN_STYLE;
  const rules: Record<string, RuleEntry> = {};
  for (const [name, entry] of Object.entries(conventional.rules)) rules[name] = entry as RuleEntry;
  if (commits.types) rules["type-enum"] = [2, "always", [...commits.types]];
  if (commits.scopes.length > 0) rules["scope-enum"] = [2, "always", [...commits.scopes]];
  for (const [name, input] of Object.entries(commits.rules ?? {}))
    if (input !== undefined) rules[name] = normalizeRule(input);
  includeOwn(rules, "type-enum", [own.type, own.digestType]);
  if (own.scope) includeOwn(rules, "scope-enum", [own.scope]);
  return { enabled: commits.conventional, checkCommits: commits.checkCommits, rules, own };
}

export function normalizeRule(input: CommitRuleInput): RuleEntry {
  if (input === "off" || input === 0) return [0];
  const level = levelOf(input[0]);
  if (input.length === 1 || level === 0) return [0];
  return input.length === 2 ? [level, input[1]] : [level, input[1], input[2]];
}

function levelOf(level: RuleLevelInput): RuleLevel {
  if (level === "off") return 0;
  if (level === "warning") return 1;
  if (level === "error") return 2;
  return level;
}

/** Adds values to an active `always` enum rule (string list or `{scopes: [...]}` form). */
function includeOwn(rules: Record<string, RuleEntry>, name: string, values: string[]): void {
  const entry = rules[name];
  if (!entry || entry[0] === 0 || entry.length < 3 || entry[1] !== "always") return;
  const value = entry[2];
  if (Array.isArray(value)) {
    const list = value.filter((v): v is string => typeof v === "string");
    rules[name] = [entry[0], "always", union(list, values)];
  } else if (isScopesObject(value)) {
    rules[name] = [entry[0], "always", { ...value, scopes: union(value.scopes, values) }];
  }
}

function isScopesObject(value: unknown): value is { scopes: string[] } {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { scopes?: unknown }).scopes)
  );
}

function union(list: string[], extra: string[]): string[] {
  return [...list, ...extra.filter((v) => v !== "" && !list.includes(v))];
}

/** The header length limit in force, or null when `header-max-length` is off. */
export function headerMaxLength(policy: CommitPolicy): number | null {
  const entry = policy.rules["header-max-length"];
  if (!entry || entry[0] === 0 || entry[1] !== "always" || entry.length < 3) return null;
  return typeof entry[2] === "number" ? entry[2] : null;
}

/** The types `type-enum` allows, or null when any type goes. */
export function allowedTypes(policy: CommitPolicy): string[] | null {
  const entry = policy.rules["type-enum"];
  if (!entry || entry[0] === 0 || entry[1] !== "always" || entry.length < 3) return null;
  return Array.isArray(entry[2])
    ? entry[2].filter((t): t is string => typeof t === "string")
    : null;
}

/** The scopes `scope-enum` allows, or null when any scope goes. */
export function allowedScopes(policy: CommitPolicy): string[] | null {
  const entry = policy.rules["scope-enum"];
  if (!entry || entry[0] === 0 || entry[1] !== "always" || entry.length < 3) return null;
  const value = entry[2];
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === "string");
  return isScopesObject(value) ? value.scopes : null;
}
