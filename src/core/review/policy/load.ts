import type { SourceFile } from "../manifest.js";
import { parseDocuments } from "../manifest.js";
import { isCelPolicyModule, loadKubewarden } from "./kubewarden.js";
import { loadKyverno } from "./kyverno.js";
import type { CompiledPolicy, PolicyBinding, PolicyProblem } from "./types.js";
import { loadBinding, loadVap } from "./vap.js";

export interface PolicySet {
  policies: CompiledPolicy[];
  problems: PolicyProblem[];
}

const group = (apiVersion: unknown): string =>
  typeof apiVersion === "string" ? (apiVersion.split("/")[0] ?? "") : "";

/** The documents of a policy or params file; a YAML error becomes a problem at its place. */
export function parseOrProblem(
  file: SourceFile,
  problems: PolicyProblem[],
): Extract<ReturnType<typeof parseDocuments>, { ok: true }> | undefined {
  const parsed = parseDocuments(file);
  if (parsed.ok) return parsed;
  problems.push({
    file: file.path,
    line: parsed.error.line,
    column: parsed.error.column,
    message: `YAML: ${parsed.error.message}`,
  });
  return undefined;
}

/**
 * Loads admission policies from YAML files: ValidatingAdmissionPolicy (+ bindings, in any of the
 * files), Kyverno ValidatingPolicy, Kubewarden cel-policy (resource or bare settings). Other
 * documents are ignored. A policy that does not parse or compile becomes a problem with a place.
 * A ValidatingAdmissionPolicy without any binding is evaluated as if bound with `Deny`.
 */
export function loadPolicies(files: readonly SourceFile[]): PolicySet {
  const problems: PolicyProblem[] = [];
  const policies: CompiledPolicy[] = [];
  const bindings: Array<{ policyName: string; binding: PolicyBinding }> = [];
  for (const file of files) {
    const parsed = parseOrProblem(file, problems);
    if (!parsed) continue;
    for (const { doc, value } of parsed.docs) {
      const origin = { file: file.path, policy: "", root: doc.root, lines: parsed.yaml.lines };
      const v = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
      const named = {
        ...origin,
        policy: typeof v.metadata?.name === "string" ? v.metadata.name : "",
      };
      const line = doc.root ? parsed.yaml.lines.lineOf(doc.root.start) : 1;
      let policy: CompiledPolicy | undefined;
      const g = group(v.apiVersion);
      if (g === "admissionregistration.k8s.io" && v.kind === "ValidatingAdmissionPolicy")
        policy = loadVap(value, named, problems);
      else if (
        g === "admissionregistration.k8s.io" &&
        v.kind === "ValidatingAdmissionPolicyBinding"
      ) {
        const b = loadBinding(value, named, problems);
        if (b) bindings.push(b);
      } else if (
        g === "policies.kyverno.io" &&
        (v.kind === "ValidatingPolicy" || v.kind === "NamespacedValidatingPolicy")
      )
        policy = loadKyverno(value, named, problems, v.kind === "NamespacedValidatingPolicy");
      else if (
        g === "policies.kubewarden.io" &&
        (v.kind === "AdmissionPolicy" || v.kind === "ClusterAdmissionPolicy")
      ) {
        if (isCelPolicyModule(value)) policy = loadKubewarden(value, named, problems, v.kind);
      } else if (
        v.apiVersion === undefined &&
        v.kind === undefined &&
        Array.isArray((value as { validations?: unknown }).validations)
      )
        policy = loadKubewarden(
          value,
          { ...origin, policy: file.path.replace(/^.*\//, "").replace(/\.ya?ml$/, "") },
          problems,
          "settings",
        );
      if (policy) policies.push({ ...policy, line });
    }
  }
  for (const { policyName, binding } of bindings) {
    const policy = policies.find(
      (p) => p.source === "ValidatingAdmissionPolicy" && p.name === policyName,
    );
    if (policy) policy.bindings.push(binding);
  }
  for (const policy of policies)
    if (policy.source === "ValidatingAdmissionPolicy" && policy.bindings.length === 0)
      policy.bindings.push({
        name: `${policy.name} (unbound)`,
        match: undefined,
        actions: ["Deny"],
        ...(policy.paramKind && {
          paramRef: { selector: {}, parameterNotFoundAction: "Deny" as const },
        }),
      });
  return { policies, problems };
}
