import { z } from "zod";
import { getIn } from "../../yaml/index.js";
import type { LineIndex, YNode } from "../../yaml/index.js";
import { compileExpression } from "../cel/compile.js";
import type {
  CompiledPolicy,
  Expression,
  LabelSelector,
  MatchResources,
  PolicyBinding,
  PolicyProblem,
  PolicyVariant,
  Validation,
} from "./types.js";

const str = z.string();
export const selectorSchema = z
  .object({
    matchLabels: z.record(str, str).optional(),
    matchExpressions: z
      .array(z.object({ key: str, operator: str, values: z.array(str).optional() }))
      .optional(),
  })
  .loose();

const ruleSchema = z
  .object({
    apiGroups: z.array(str).default([]),
    apiVersions: z.array(str).default([]),
    resources: z.array(str).default([]),
    operations: z.array(str).default(["*"]),
    resourceNames: z.array(str).default([]),
    scope: str.default("*"),
  })
  .loose();

export const matchSchema = z
  .object({
    resourceRules: z.array(ruleSchema).default([]),
    excludeResourceRules: z.array(ruleSchema).default([]),
    objectSelector: selectorSchema.optional(),
    namespaceSelector: selectorSchema.optional(),
  })
  .loose();

/** `paramKind` of a ValidatingAdmissionPolicy or of Kubewarden cel-policy settings. */
export const paramKindSchema = z.object({ apiVersion: str, kind: str }).loose();

/** `paramRef` of a ValidatingAdmissionPolicyBinding or of Kubewarden cel-policy settings. */
export const paramRefSchema = z
  .object({
    name: str.optional(),
    namespace: str.optional(),
    selector: selectorSchema.optional(),
    parameterNotFoundAction: z.enum(["Allow", "Deny"]).default("Deny"),
  })
  .loose();

/** A parsed `paramKind`, without the keys the schema lets through. */
export function toParamKind(
  kind: z.infer<typeof paramKindSchema>,
): NonNullable<CompiledPolicy["paramKind"]> {
  return { apiVersion: kind.apiVersion, kind: kind.kind };
}

/** A parsed `paramRef` as a binding holds it: unset fields left out, unknown keys dropped. */
export function toParamRef(
  ref: z.infer<typeof paramRefSchema>,
): NonNullable<PolicyBinding["paramRef"]> {
  return {
    ...(ref.name !== undefined && { name: ref.name }),
    ...(ref.namespace !== undefined && { namespace: ref.namespace }),
    ...(ref.selector && { selector: ref.selector }),
    parameterNotFoundAction: ref.parameterNotFoundAction,
  };
}

const named = z.object({ name: str, expression: str }).loose();
const validationSchema = z
  .object({ expression: str, message: str.optional(), messageExpression: str.optional() })
  .loose();

/** The CEL parts shared by VAP, Kyverno ValidatingPolicy and Kubewarden cel-policy settings. */
export const celSpecSchema = z
  .object({
    matchConditions: z.array(named).default([]),
    variables: z.array(named).default([]),
    validations: z.array(validationSchema).default([]),
  })
  .loose();

export type CelSpec = z.infer<typeof celSpecSchema>;

export function toMatch(
  value: z.infer<typeof matchSchema> | undefined,
): MatchResources | undefined {
  if (!value) return undefined;
  const clean = (s: LabelSelector | undefined) =>
    s && (Object.keys(s.matchLabels ?? {}).length || (s.matchExpressions ?? []).length)
      ? s
      : undefined;
  const objectSelector = clean(value.objectSelector);
  const namespaceSelector = clean(value.namespaceSelector);
  return {
    resourceRules: value.resourceRules,
    excludeResourceRules: value.excludeResourceRules,
    ...(objectSelector && { objectSelector }),
    ...(namespaceSelector && { namespaceSelector }),
  };
}

/** Where the policy document is, to point errors at the expression that fails to compile. */
export interface Origin {
  file: string;
  policy: string;
  root: YNode | null;
  lines: LineIndex;
  /** Path from the document root to the spec holding the CEL parts, e.g. ["spec"] or ["spec", "settings"]. */
  specPath: ReadonlyArray<string>;
}

/** Compiles the CEL parts of a spec; `rewrite` transforms each expression first (Kyverno autogen). */
export function compileSpec(
  spec: CelSpec,
  origin: Origin,
  variant: { name: string; match: MatchResources | undefined; rewrite?: (text: string) => string },
  problems: PolicyProblem[],
): PolicyVariant | undefined {
  const before = problems.length;
  const compile = (text: string, path: Array<string | number>): Expression | undefined => {
    const source = variant.rewrite ? variant.rewrite(text) : text;
    const result = compileExpression(source);
    if (result.ok) return { text: source, program: result.value };
    problems.push(
      problemAt(
        origin,
        path,
        text,
        result.error.offset,
        `${path.join(".")}: ${result.error.message}`,
      ),
    );
    return undefined;
  };
  const matchConditions = spec.matchConditions.flatMap((c, i) => {
    const e = compile(c.expression, ["matchConditions", i, "expression"]);
    return e ? [{ name: c.name, expression: e }] : [];
  });
  const variables = spec.variables.flatMap((v, i) => {
    const e = compile(v.expression, ["variables", i, "expression"]);
    return e ? [{ name: v.name, expression: e }] : [];
  });
  const validations = spec.validations.flatMap((v, i): Validation[] => {
    const expression = compile(v.expression, ["validations", i, "expression"]);
    const messageExpression =
      v.messageExpression !== undefined
        ? compile(v.messageExpression, ["validations", i, "messageExpression"])
        : undefined;
    if (!expression) return [];
    return [
      {
        expression,
        ...(v.message !== undefined && { message: v.message }),
        ...(messageExpression && { messageExpression }),
      },
    ];
  });
  if (problems.length > before) return undefined;
  return { name: variant.name, match: variant.match, matchConditions, variables, validations };
}

/** A problem at `path` under the spec (or at the document), offset into the expression when given. */
export function problemAt(
  origin: Origin,
  path: ReadonlyArray<string | number>,
  text: string,
  offset: number,
  message: string,
): PolicyProblem {
  const node = getIn(origin.root, [...origin.specPath, ...path]);
  let line = 1;
  let column = 1;
  if (node) {
    const start = node.kind === "scalar" ? node.valueStart : node.start;
    line = origin.lines.lineOf(start);
    column = origin.lines.columnOf(start);
    if (node.kind === "scalar" && offset > 0) {
      const before = text.slice(0, offset);
      const breaks = before.split("\n").length - 1;
      if (node.style === "literal" || node.style === "folded") {
        line += 1 + breaks;
        column = before.length - before.lastIndexOf("\n") + (column - 1);
      } else if (breaks === 0) column += offset;
    }
  }
  return {
    file: origin.file,
    line,
    column,
    message: `policy "${origin.policy}": ${message}`,
    policy: origin.policy,
  };
}
