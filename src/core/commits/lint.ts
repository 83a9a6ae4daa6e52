import lint from "@commitlint/lint";
import defaultRules from "@commitlint/rules";
import type { LintOptions, QualifiedRules } from "@commitlint/types";
import { boundMessage } from "./bound.js";
import { conventionalParserOptions } from "./parser-options.js";
import type { CommitPolicy, RuleEntry } from "./policy.js";

export type Severity = "error" | "warning";

/** One broken commitlint rule. `message` is commitlint's own text ("subject may not be empty"). */
export interface RuleProblem {
  rule: string;
  severity: Severity;
  message: string;
}

export interface MessageVerdict {
  /** No error-level problem (warnings allowed), as commitlint decides. */
  valid: boolean;
  problems: RuleProblem[];
}

/** Parser options that skip issue references: the parser's costliest pattern (see bound.ts). */
const withoutReferences = {
  ...conventionalParserOptions,
  issuePrefixes: null,
} as unknown as NonNullable<LintOptions["parserOpts"]>;

/**
 * Lints one commit message (or a PR title) exactly as `commitlint` with the policy's rules
 * would: same parser preset, same default ignores (merge commits, reverts, `fixup!`, versions).
 * Hostile sizes are bounded first (bound.ts), with a warning when part was left unchecked.
 */
export async function lintMessage(message: string, policy: CommitPolicy): Promise<MessageVerdict> {
  const bounded = boundMessage(message, policy.rules);
  const problems = [...bounded.notes];
  if (bounded.references) {
    problems.push(...(await run(bounded.text, policy.rules, conventionalParserOptions)));
  } else {
    // With no reference in any line the parser splits body and footer the same way with
    // references off; only `references-empty` reads them, and there are none.
    const { "references-empty": references, ...rules } = policy.rules;
    problems.push(...(await run(bounded.text, rules, withoutReferences)));
    if (references && references[0] !== 0) problems.push(...referencesEmpty(references));
  }
  const header = bounded.headerLength;
  const fixed = problems.map((p) =>
    header !== null && p.rule === "header-max-length"
      ? { ...p, message: p.message.replace(/current length is \d+/, `current length is ${header}`) }
      : p,
  );
  return { valid: !fixed.some((p) => p.severity === "error"), problems: fixed };
}

function referencesEmpty(entry: RuleEntry): RuleProblem[] {
  const [valid, message] = defaultRules["references-empty"](
    { references: [] } as unknown as Parameters<(typeof defaultRules)["references-empty"]>[0],
    entry[1],
  );
  if (valid) return [];
  return [
    {
      rule: "references-empty",
      severity: entry[0] === 2 ? "error" : "warning",
      message: message ?? "",
    },
  ];
}

async function run(
  message: string,
  rules: Record<string, RuleEntry>,
  parserOpts: NonNullable<LintOptions["parserOpts"]>,
): Promise<RuleProblem[]> {
  const outcome = await lint(message, rules as QualifiedRules, {
    parserOpts,
    defaultIgnores: true,
  });
  return [
    ...outcome.errors.map((e) => ({
      rule: e.name,
      severity: "error" as const,
      message: e.message,
    })),
    ...outcome.warnings.map((w) => ({
      rule: w.name,
      severity: "warning" as const,
      message: w.message,
    })),
  ];
}
