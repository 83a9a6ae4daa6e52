import { closest } from "../commands/distance.js";
import type { CommitPolicy } from "./policy.js";
import { allowedScopes, allowedTypes } from "./policy.js";

/**
 * A corrected header derived from a failing one, or null when none can be derived with some
 * confidence. The caller lints the suggestion and drops it unless it passes (check.ts).
 *
 *   Bump foo                → chore(deps): bump foo
 *   Fix crash on start      → fix: crash on start
 *   feat:missing space      → feat: missing space
 *   Feat(API) : Add thing.  → feat(API): add thing
 */
export function suggestHeader(header: string, policy: CommitPolicy): string | null {
  const { emojiType, rest } = stripEmoji(header.trim(), policy);
  const typed =
    /^(?<type>[A-Za-z]+)[ \t]*(?:\((?<scope>[^()]*)\))?[ \t]*(?<bang>!)?[ \t]*:[ \t]*(?<subject>.*)$/.exec(
      rest,
    );
  const bracketed = /^\[(?<type>[A-Za-z]+)\][ \t]*:?[ \t]*(?<subject>.+)$/.exec(rest);
  const groups = typed?.groups ?? bracketed?.groups;
  if (groups) {
    const type = canonicalType(groups.type ?? "", policy);
    if (!type) return null;
    const scope = type.scope ?? canonicalScope(groups.scope?.trim() ?? "", policy);
    if (scope === null) return null;
    return assemble(type.type, scope, groups.bang ?? "", groups.subject ?? "");
  }
  const words = /^(?<first>[A-Za-z]+)(?<rest>(?:[ \t].*)?)$/.exec(rest)?.groups;
  if (emojiType) return assemble(emojiType.type, emojiType.scope ?? "", "", rest);
  if (!words) return null;
  const first = words.first ?? "";
  const tail = (words.rest ?? "").trim();
  const asType = canonicalType(first, policy, { exactOnly: true });
  if (asType) return assemble(asType.type, asType.scope ?? "", "", tail);
  const verb = verbType(first.toLowerCase(), tail, policy);
  if (!verb) return null;
  return assemble(
    verb.type,
    verb.scope ?? "",
    "",
    verb.dropVerb ? tail : `${baseVerb(first)} ${tail}`,
  );
}

interface TypeChoice {
  type: string;
  scope?: string;
  dropVerb?: boolean;
}

const TYPE_ALIASES: Record<string, TypeChoice> = {
  feature: { type: "feat" },
  features: { type: "feat" },
  feats: { type: "feat" },
  bugfix: { type: "fix" },
  hotfix: { type: "fix" },
  bug: { type: "fix" },
  fixes: { type: "fix" },
  fixed: { type: "fix" },
  doc: { type: "docs" },
  documentation: { type: "docs" },
  tests: { type: "test" },
  testing: { type: "test" },
  chores: { type: "chore" },
  refactoring: { type: "refactor" },
  performance: { type: "perf" },
  styles: { type: "style" },
};

function canonicalType(
  raw: string,
  policy: CommitPolicy,
  options: { exactOnly?: boolean } = {},
): TypeChoice | null {
  const allowed = allowedTypes(policy);
  const word = raw.toLowerCase();
  const ok = (t: string) => allowed === null || allowed.includes(t);
  if (word === "deps" || word === "dependencies") return ownDeps(policy);
  if (ok(word) && (allowed !== null || KNOWN.has(word))) return { type: word };
  const alias = TYPE_ALIASES[word];
  if (alias && ok(alias.type)) return alias;
  if (options.exactOnly) return null;
  const near = closest(word, allowed ?? [...KNOWN]);
  return near ? { type: near } : null;
}

const KNOWN = new Set([
  "build",
  "chore",
  "ci",
  "docs",
  "feat",
  "fix",
  "perf",
  "refactor",
  "revert",
  "style",
  "test",
]);

function ownDeps(policy: CommitPolicy): TypeChoice {
  return { type: policy.own.type, scope: policy.own.scope };
}

function canonicalScope(raw: string, policy: CommitPolicy): string | null {
  const allowed = allowedScopes(policy);
  if (raw === "" || allowed === null) return raw;
  const exact = allowed.find((s) => s.toLowerCase() === raw.toLowerCase());
  return exact ?? closest(raw.toLowerCase(), allowed);
}

const VERBS: [RegExp, (policy: CommitPolicy, tail: string) => TypeChoice | null][] = [
  [/^fix(e[sd]|ing)?$/, () => ({ type: "fix", dropVerb: true })],
  [/^(bump(s|ed)?|upgrade[sd]?)$/, (p) => ownDeps(p)],
  [
    /^update[sd]?$/,
    (p, tail) => (DEPENDENCY.test(tail) ? ownDeps(p) : DOCS.test(tail) ? { type: "docs" } : null),
  ],
  [
    /^(add(s|ed)?|implement(s|ed)?|introduce[sd]?|support(s|ed)?|allow(s|ed)?|enable[sd]?)$/,
    (_p, tail) =>
      /^(unit |more |missing )?tests?\b/i.test(tail) ? { type: "test" } : { type: "feat" },
  ],
  [
    /^(refactor(s|ed)?|rename[sd]?|move[sd]?|extract(s|ed)?|simplif(y|ies|ied)|restructure[sd]?)$/,
    () => ({ type: "refactor" }),
  ],
  [/^(document(s|ed)?)$/, () => ({ type: "docs" })],
  [/^(reformat(s|ted)?|format(s|ted)?)$/, () => ({ type: "style" })],
  [/^(optimi[sz]e[sd]?|speed)$/, () => ({ type: "perf" })],
];
const BASE_VERBS = [
  "add",
  "implement",
  "introduce",
  "support",
  "allow",
  "enable",
  "refactor",
  "rename",
  "move",
  "extract",
  "simplify",
  "restructure",
  "document",
  "reformat",
  "format",
  "optimize",
  "optimise",
  "bump",
  "upgrade",
  "update",
];

/** `Added` → `add`, `Simplifies` → `simplify`: Conventional Commits subjects are imperative. */
export function baseVerb(word: string): string {
  const lower = word.toLowerCase();
  for (const base of BASE_VERBS) {
    const stem = base.endsWith("e")
      ? base.slice(0, -1)
      : base.endsWith("y")
        ? base.slice(0, -1)
        : base;
    const forms = base.endsWith("y")
      ? [base, `${stem}ies`, `${stem}ied`, `${base}ing`]
      : [base, `${base}s`, `${stem}ed`, `${stem}ing`, `${base}ped`, `${base}ted`];
    if (forms.includes(lower)) return base;
  }
  return lower;
}

const DEPENDENCY =
  /^(dependency|dependencies|deps|module|package|the [\w-]+ group)\b|\bfrom \S+ to \S+/i;
const DOCS = /(readme|changelog|docs?\b|documentation|\.md\b)/i;

function verbType(verb: string, tail: string, policy: CommitPolicy): TypeChoice | null {
  if (tail === "") return null;
  for (const [pattern, choose] of VERBS) {
    if (!pattern.test(verb)) continue;
    const choice = choose(policy, tail);
    const allowed = allowedTypes(policy);
    return choice && (allowed === null || allowed.includes(choice.type)) ? choice : null;
  }
  return null;
}

const EMOJI: [RegExp, TypeChoice | "deps"][] = [
  [/^(✨|:sparkles:)/u, { type: "feat" }],
  [/^(🐛|:bug:|🚑️?|:ambulance:)/u, { type: "fix" }],
  [/^(📝|:memo:)/u, { type: "docs" }],
  [/^(♻️?|:recycle:)/u, { type: "refactor" }],
  [/^(⬆️?|:arrow_up:)/u, "deps"],
  [/^(✅|:white_check_mark:|🧪|:test_tube:)/u, { type: "test" }],
  [/^(👷|:construction_worker:)/u, { type: "ci" }],
  [/^(⚡️?|:zap:)/u, { type: "perf" }],
  [/^(🎨|:art:|💄|:lipstick:)/u, { type: "style" }],
  [/^(🔧|:wrench:)/u, { type: "chore" }],
];

/** A leading gitmoji names a type; the text after it may still carry its own. */
function stripEmoji(
  header: string,
  policy: CommitPolicy,
): { emojiType: TypeChoice | null; rest: string } {
  for (const [pattern, choice] of EMOJI) {
    const m = pattern.exec(header);
    if (!m) continue;
    return {
      emojiType: choice === "deps" ? ownDeps(policy) : choice,
      rest: header.slice(m[0].length).trim(),
    };
  }
  return { emojiType: null, rest: header };
}

function assemble(type: string, scope: string, bang: string, subject: string): string | null {
  const text = fixSubject(subject);
  if (text === "") return null;
  return `${type}${scope ? `(${scope})` : ""}${bang}: ${text}`;
}

/** Trims, drops one trailing full stop, and lower-cases a sentence-case or all-caps subject. */
export function fixSubject(subject: string): string {
  let s = subject.trim().replace(/\s+/g, " ");
  if (s.endsWith(".") && !s.endsWith("..")) s = s.slice(0, -1).trimEnd();
  if (/^[\p{Lu}\d\s\W]+$/u.test(s) && /\p{Lu}{2}/u.test(s)) return s.toLowerCase();
  const first = /^\S+/.exec(s)?.[0] ?? "";
  const acronym = first.length > 1 && first === first.toUpperCase() && /\p{Lu}/u.test(first);
  if (!acronym) s = s.charAt(0).toLowerCase() + s.slice(1);
  return s;
}
