import { get } from "../../yaml/index.js";
import type { Draft } from "../finding.js";
import { identityOf } from "../finding.js";
import type { K8sObject, SourceFile } from "../manifest.js";
import { positionOf, record } from "../manifest.js";
import { evaluatePolicy } from "./evaluate.js";
import type { AdmissionInput, ParamObject } from "./evaluate.js";
import { CLUSTER_SCOPED, subjectOf } from "./match.js";
import { requestOf } from "./evaluate.js";
import { parseOrProblem } from "./load.js";
import type { CompiledPolicy, PolicyProblem } from "./types.js";

/** Param objects from `--params` files (every document with apiVersion and kind). */
export function loadParams(files: readonly SourceFile[]): {
  params: ParamObject[];
  problems: PolicyProblem[];
} {
  const params: ParamObject[] = [];
  const problems: PolicyProblem[] = [];
  for (const file of files) {
    const parsed = parseOrProblem(file, problems);
    if (!parsed) continue;
    for (const { value } of parsed.docs) {
      const v = record(value);
      const meta = record(v.metadata);
      if (typeof v.apiVersion !== "string" || typeof v.kind !== "string") continue;
      const labels: Record<string, string> = {};
      for (const [k, l] of Object.entries(record(meta.labels)))
        if (typeof l === "string") labels[k] = l;
      params.push({
        apiVersion: v.apiVersion,
        kind: v.kind,
        name: typeof meta.name === "string" ? meta.name : "",
        namespace: typeof meta.namespace === "string" ? meta.namespace : "",
        labels,
        value,
      });
    }
  }
  return { params, problems };
}

/** Namespaces as admission sees them: the Namespace objects linted alongside, by name. */
export function namespaceIndex(objects: readonly K8sObject[]): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const o of objects)
    if (o.kind === "Namespace" && o.apiVersion === "v1" && o.name) out.set(o.name, o);
  return out;
}

/** The admission input for an object; an unset namespace is "default", as kubectl would send it. */
export function admissionInput(
  object: K8sObject,
  namespaces: ReadonlyMap<string, K8sObject>,
  params: readonly ParamObject[],
): AdmissionInput {
  const clusterScoped = CLUSTER_SCOPED.has(object.kind);
  const namespace = clusterScoped ? "" : object.namespace || "default";
  const ns = namespaces.get(namespace);
  const namespaceLabels = { ...(ns?.labels ?? {}), "kubernetes.io/metadata.name": namespace };
  const namespaceObject = clusterScoped
    ? null
    : ns
      ? ns.value
      : {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: namespace, labels: namespaceLabels },
          spec: {},
          status: { phase: "Active" },
        };
  const subject = subjectOf({
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.name,
    namespace,
    labels: object.labels,
    namespaceLabels,
  });
  return {
    subject,
    request: requestOf(subject),
    object: object.value,
    namespaceObject,
    params,
  };
}

/** Runs every policy on an object; each violation becomes an `admission-policy` draft at the object's name. */
export function policyDrafts(
  object: K8sObject,
  policies: readonly CompiledPolicy[],
  input: AdmissionInput,
): Draft[] {
  const out: Draft[] = [];
  const nameNode = get(get(object.root, "metadata"), "name");
  const at = positionOf(nameNode ?? object.root, object.lines);
  const resource = identityOf(object);
  for (const policy of policies) {
    for (const v of evaluatePolicy(policy, input)) {
      out.push({
        file: object.file,
        ...at,
        rule: "admission-policy",
        severity: v.severity,
        message: v.message,
        policy: v.policy,
        key: `${v.policy}\0${v.binding}\0${v.validation}\0${object.kind}/${object.namespace}/${object.name}`,
        resource,
      });
    }
  }
  return out;
}
