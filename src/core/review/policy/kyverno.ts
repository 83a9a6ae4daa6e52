import { z } from "zod";
import { celSpecSchema, compileSpec, matchSchema, toMatch } from "./spec.js";
import type { Origin } from "./spec.js";
import type {
  CompiledPolicy,
  MatchResources,
  PolicyProblem,
  PolicyVariant,
  ResourceRule,
} from "./types.js";
import { zodProblem } from "./vap.js";

const kyvernoSchema = z
  .object({
    metadata: z.object({ name: z.string().min(1), namespace: z.string().optional() }).loose(),
    spec: celSpecSchema
      .extend({
        failurePolicy: z.enum(["Fail", "Ignore"]).default("Fail"),
        matchConstraints: matchSchema.optional(),
        validationActions: z.array(z.enum(["Deny", "Warn", "Audit"])).default(["Deny"]),
        autogen: z
          .object({
            podControllers: z
              .object({ controllers: z.array(z.string()).optional() })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

/** Kyverno's autogen targets: controller → resource rule and the path of its pod template. */
const CONTROLLERS: Record<string, { group: string; resource: string; template: string }> = {
  deployments: { group: "apps", resource: "deployments", template: "spec.template" },
  daemonsets: { group: "apps", resource: "daemonsets", template: "spec.template" },
  statefulsets: { group: "apps", resource: "statefulsets", template: "spec.template" },
  replicasets: { group: "apps", resource: "replicasets", template: "spec.template" },
  jobs: { group: "batch", resource: "jobs", template: "spec.template" },
  cronjobs: { group: "batch", resource: "cronjobs", template: "spec.jobTemplate.spec.template" },
};

/** Kyverno generates pod-controller variants only for a plain "pods in core/v1" match. */
function canAutogen(match: MatchResources | undefined): boolean {
  if (
    !match ||
    match.objectSelector ||
    match.namespaceSelector ||
    match.excludeResourceRules.length
  )
    return false;
  const [rule, ...rest] = match.resourceRules;
  if (!rule || rest.length || rule.resourceNames.length) return false;
  return (
    rule.apiGroups.join() === "" &&
    rule.apiGroups.length === 1 &&
    rule.apiVersions.join() === "v1" &&
    rule.resources.join() === "pods"
  );
}

/** Rewrites `object.spec…`/`object.metadata…` to the pod template, keeping `.name`/`.namespace` on the controller. */
export function autogenRewrite(text: string, template: string): string {
  let out = text;
  for (const field of ["spec", "metadata"])
    for (const root of ["object", "oldObject"]) {
      const from = `${root}.${field}`;
      const to = `${root}.${template}.${field}`;
      out = out.replace(
        new RegExp(
          `(?<![A-Za-z0-9_])${from.replace(".", "\\.")}(?!\\.(name|namespace)(?![A-Za-z0-9_]))`,
          "g",
        ),
        to,
      );
    }
  return out;
}

/** A Kyverno `ValidatingPolicy` or `NamespacedValidatingPolicy` (policies.kyverno.io), with its autogen variants for pod controllers. */
export function loadKyverno(
  value: unknown,
  origin: Omit<Origin, "specPath">,
  problems: PolicyProblem[],
  namespaced: boolean,
): CompiledPolicy | undefined {
  const o: Origin = { ...origin, specPath: ["spec"] };
  const parsed = kyvernoSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(zodProblem(o, parsed.error, "Kyverno ValidatingPolicy"));
    return undefined;
  }
  const { metadata, spec } = parsed.data;
  const named: Origin = { ...o, policy: metadata.name };
  const match = toMatch(spec.matchConstraints);
  const main = compileSpec(spec, named, { name: metadata.name, match }, problems);
  if (!main) return undefined;
  const variants: PolicyVariant[] = [main];
  if (canAutogen(match)) {
    const wanted =
      spec.autogen?.podControllers?.controllers?.map((c) => c.toLowerCase().replace(/s?$/, "s")) ??
      Object.keys(CONTROLLERS);
    const operations = match?.resourceRules[0]?.operations ?? ["CREATE", "UPDATE"];
    const byTemplate = new Map<string, ResourceRule[]>();
    for (const name of wanted) {
      const c = CONTROLLERS[name];
      if (!c) continue;
      const rule: ResourceRule = {
        apiGroups: [c.group],
        apiVersions: ["v1"],
        resources: [c.resource],
        operations,
        resourceNames: [],
        scope: "*",
      };
      byTemplate.set(c.template, [...(byTemplate.get(c.template) ?? []), rule]);
    }
    for (const [template, resourceRules] of byTemplate) {
      const variant = compileSpec(
        spec,
        named,
        {
          name: `autogen-${template.includes("jobTemplate") ? "cronjobs-" : ""}${metadata.name}`,
          match: { resourceRules, excludeResourceRules: [] },
          rewrite: (t) => autogenRewrite(t, template),
        },
        problems,
      );
      if (variant) variants.push(variant);
    }
  }
  return {
    name: metadata.name,
    source: "Kyverno ValidatingPolicy",
    file: origin.file,
    line: 1,
    failurePolicy: spec.failurePolicy,
    ...(namespaced && { namespace: metadata.namespace ?? "default" }),
    monitor: false,
    variants,
    bindings: [{ name: metadata.name, match: undefined, actions: spec.validationActions }],
  };
}
