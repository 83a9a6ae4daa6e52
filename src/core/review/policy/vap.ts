import { z } from "zod";
import {
  celSpecSchema,
  compileSpec,
  matchSchema,
  paramKindSchema,
  paramRefSchema,
  problemAt,
  toMatch,
  toParamKind,
  toParamRef,
} from "./spec.js";
import type { Origin } from "./spec.js";
import type { CompiledPolicy, PolicyBinding, PolicyProblem, ValidationAction } from "./types.js";

const vapSchema = z
  .object({
    metadata: z.object({ name: z.string().min(1) }).loose(),
    spec: celSpecSchema
      .extend({
        failurePolicy: z.enum(["Fail", "Ignore"]).default("Fail"),
        paramKind: paramKindSchema.optional(),
        matchConstraints: matchSchema.optional(),
      })
      .loose(),
  })
  .loose();

const bindingSchema = z
  .object({
    metadata: z
      .object({ name: z.string().default("") })
      .loose()
      .default({ name: "" }),
    spec: z
      .object({
        policyName: z.string().min(1),
        validationActions: z.array(z.enum(["Deny", "Warn", "Audit"])).default(["Deny"]),
        paramRef: paramRefSchema.optional(),
        matchResources: matchSchema.optional(),
      })
      .loose(),
  })
  .loose();

export function zodProblem(origin: Origin, error: z.ZodError, what: string): PolicyProblem {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== "symbol");
  return problemAt(
    { ...origin, specPath: [] },
    path,
    "",
    0,
    `invalid ${what}: ${path.join(".") || "document"}: ${issue?.message ?? "invalid"}`,
  );
}

/** A `ValidatingAdmissionPolicy` (admissionregistration.k8s.io v1, v1beta1 or v1alpha1). */
export function loadVap(
  value: unknown,
  origin: Omit<Origin, "specPath">,
  problems: PolicyProblem[],
): CompiledPolicy | undefined {
  const parsed = vapSchema.safeParse(value);
  const o: Origin = { ...origin, specPath: ["spec"] };
  if (!parsed.success) {
    problems.push(zodProblem(o, parsed.error, "ValidatingAdmissionPolicy"));
    return undefined;
  }
  const { metadata, spec } = parsed.data;
  const named: Origin = { ...o, policy: metadata.name };
  const variant = compileSpec(
    spec,
    named,
    { name: metadata.name, match: toMatch(spec.matchConstraints) },
    problems,
  );
  if (!variant) return undefined;
  return {
    name: metadata.name,
    source: "ValidatingAdmissionPolicy",
    file: origin.file,
    line: 1,
    failurePolicy: spec.failurePolicy,
    ...(spec.paramKind && { paramKind: toParamKind(spec.paramKind) }),
    monitor: false,
    variants: [variant],
    bindings: [],
  };
}

/** A `ValidatingAdmissionPolicyBinding`, keyed by the policy it binds. */
export function loadBinding(
  value: unknown,
  origin: Omit<Origin, "specPath">,
  problems: PolicyProblem[],
): { policyName: string; binding: PolicyBinding } | undefined {
  const parsed = bindingSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(
      zodProblem({ ...origin, specPath: [] }, parsed.error, "ValidatingAdmissionPolicyBinding"),
    );
    return undefined;
  }
  const { metadata, spec } = parsed.data;
  const match = toMatch(spec.matchResources);
  const ref = spec.paramRef;
  return {
    policyName: spec.policyName,
    binding: {
      name: metadata.name,
      match,
      ...(ref && { paramRef: toParamRef(ref) }),
      actions: spec.validationActions as ValidationAction[],
    },
  };
}
