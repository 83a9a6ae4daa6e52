import { z } from "zod";
import {
  celSpecSchema,
  compileSpec,
  matchSchema,
  paramKindSchema,
  paramRefSchema,
  selectorSchema,
  toMatch,
  toParamKind,
  toParamRef,
} from "./spec.js";
import type { Origin } from "./spec.js";
import type { CompiledPolicy, PolicyBinding, PolicyProblem } from "./types.js";
import { zodProblem } from "./vap.js";

/** kubewarden/cel-policy settings: the CEL half of a ValidatingAdmissionPolicy. */
export const kubewardenSettingsSchema = celSpecSchema
  .extend({
    failurePolicy: z.enum(["Fail", "Ignore"]).default("Fail"),
    paramKind: paramKindSchema.optional(),
    paramRef: paramRefSchema.optional(),
  })
  .loose();

const resourceSchema = z
  .object({
    metadata: z.object({ name: z.string().min(1), namespace: z.string().optional() }).loose(),
    spec: z
      .object({
        module: z.string(),
        mode: z.enum(["protect", "monitor"]).default("protect"),
        rules: matchSchema.shape.resourceRules,
        objectSelector: selectorSchema.optional(),
        namespaceSelector: selectorSchema.optional(),
        matchConditions: celSpecSchema.shape.matchConditions,
        settings: kubewardenSettingsSchema,
      })
      .loose(),
  })
  .loose();

/** True when a Kubewarden policy runs the cel-policy module (the only one evaluable offline). */
export function isCelPolicyModule(value: unknown): boolean {
  const spec = (value as { spec?: { module?: unknown } } | null)?.spec;
  return typeof spec?.module === "string" && /(^|\/)cel-policy(:|@|$)/.test(spec.module);
}

/** A Kubewarden `AdmissionPolicy`/`ClusterAdmissionPolicy` running cel-policy, or bare cel-policy settings. */
export function loadKubewarden(
  value: unknown,
  origin: Omit<Origin, "specPath">,
  problems: PolicyProblem[],
  form: "AdmissionPolicy" | "ClusterAdmissionPolicy" | "settings",
): CompiledPolicy | undefined {
  if (form === "settings") {
    const o: Origin = { ...origin, specPath: [] };
    const parsed = kubewardenSettingsSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(zodProblem(o, parsed.error, "Kubewarden cel-policy settings"));
      return undefined;
    }
    return build(parsed.data, o, undefined, false, undefined, problems);
  }
  const o: Origin = { ...origin, specPath: ["spec", "settings"] };
  const parsed = resourceSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(zodProblem(o, parsed.error, `Kubewarden ${form}`));
    return undefined;
  }
  const { metadata, spec } = parsed.data;
  const match = toMatch({
    resourceRules: spec.rules,
    excludeResourceRules: [],
    objectSelector: spec.objectSelector,
    namespaceSelector: spec.namespaceSelector,
  });
  const settings = {
    ...spec.settings,
    matchConditions: [...spec.matchConditions, ...spec.settings.matchConditions],
  };
  const namespace = form === "AdmissionPolicy" ? (metadata.namespace ?? "default") : undefined;
  return build(
    settings,
    { ...o, policy: metadata.name },
    match,
    spec.mode === "monitor",
    namespace,
    problems,
  );
}

function build(
  settings: z.infer<typeof kubewardenSettingsSchema>,
  origin: Origin,
  match: ReturnType<typeof toMatch>,
  monitor: boolean,
  namespace: string | undefined,
  problems: PolicyProblem[],
): CompiledPolicy | undefined {
  const variant = compileSpec(settings, origin, { name: origin.policy, match }, problems);
  if (!variant) return undefined;
  const ref = settings.paramRef;
  const binding: PolicyBinding = {
    name: origin.policy,
    match: undefined,
    ...(ref && { paramRef: toParamRef(ref) }),
    actions: ["Deny"],
  };
  return {
    name: origin.policy,
    source: "Kubewarden cel-policy",
    file: origin.file,
    line: 1,
    failurePolicy: settings.failurePolicy,
    ...(settings.paramKind && { paramKind: toParamKind(settings.paramKind) }),
    ...(namespace !== undefined && { namespace }),
    monitor,
    variants: [variant],
    bindings: [binding],
  };
}
