import defaultRules from "@commitlint/rules";
import { z } from "zod";

/**
 * The `commits.rules` section of `.github/bumpwarden.yml`: commitlint rules by name, in
 * commitlint's own tuple form (`[level, "always"|"never", value?]`) or with named levels, e.g.
 *
 *     header-max-length: [error, always, 72]
 *     subject-case: off
 *
 * Only the shape is checked here; `policy.ts` normalizes it. No transforms, so the JSON Schema
 * generated from the config schema stays faithful.
 */

export const commitRuleNames = Object.keys(defaultRules).sort() as [string, ...string[]];

const caseTypes = [
  "camel-case",
  "kebab-case",
  "snake-case",
  "pascal-case",
  "start-case",
  "upper-case",
  "uppercase",
  "sentence-case",
  "sentencecase",
  "lower-case",
  "lowercase",
  "lowerCase",
] as const;

const caseType = z.enum(caseTypes);
const cases = z.union([caseType, z.array(caseType).min(1)]);
const strings = z.array(z.string());
const delimited = (key: string, item: z.ZodType) =>
  z.object({ [key]: z.array(item), delimiters: z.array(z.string()).optional() }).strict();

/** What the third tuple element must be for each kind of rule; absent for rules without one. */
function valueSchema(rule: string): z.ZodType | undefined {
  if (/-(max|min)-(line-)?length$/.test(rule)) return z.number().int().min(0);
  if (rule === "scope-case") return z.union([cases, delimited("cases", caseType)]);
  if (rule.endsWith("-case")) return cases;
  if (rule === "scope-enum") return z.union([strings, delimited("scopes", z.string())]);
  if (rule.endsWith("-enum") || rule === "scope-delimiter-style") return strings;
  if (rule.endsWith("-full-stop") || rule === "signed-off-by" || rule === "trailer-exists")
    return z.string();
  return undefined;
}

export const ruleLevel = z.union([
  z.literal(0),
  z.literal(1),
  z.literal(2),
  z.enum(["off", "warning", "error"]),
]);
export type RuleLevelInput = z.infer<typeof ruleLevel>;

const condition = z.enum(["always", "never"]);

export const commitRuleSchema = z.union([
  z.literal("off"),
  z.literal(0),
  z.tuple([ruleLevel]),
  z.tuple([ruleLevel, condition]),
  z.tuple([ruleLevel, condition, z.unknown()]),
]);
export type CommitRuleInput = z.infer<typeof commitRuleSchema>;

export const commitRulesSchema = z
  .partialRecord(z.enum(commitRuleNames), commitRuleSchema)
  .superRefine((rules, ctx) => {
    for (const [name, entry] of Object.entries(rules)) {
      if (!Array.isArray(entry) || entry.length < 2) continue;
      const schema = valueSchema(name);
      const value: unknown = entry[2];
      if (entry.length === 2) {
        if (schema && needsValue(name) && !isDisabled(entry[0]))
          ctx.addIssue({ code: "custom", path: [name], message: `${name} needs a value` });
        continue;
      }
      if (!schema) {
        ctx.addIssue({ code: "custom", path: [name, 2], message: `${name} takes no value` });
        continue;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        ctx.addIssue({
          code: "custom",
          path: [name, 2],
          message: `${name}: ${parsed.error.issues[0]?.message ?? "invalid value"}`,
        });
    }
  })
  .describe(
    "commitlint rules by name: `[level, always|never, value?]` with level 0|1|2 or off|warning|error, or `off`.",
  );

/** Full-stop, sign-off and trailer rules have defaults in commitlint; the others do not. */
function needsValue(rule: string): boolean {
  return /(-length|-case|-enum)$/.test(rule) || rule === "scope-delimiter-style";
}

function isDisabled(level: RuleLevelInput): boolean {
  return level === 0 || level === "off";
}
