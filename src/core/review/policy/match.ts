import { groupOf, versionOf } from "../manifest.js";
import type { LabelSelector, MatchResources, ResourceRule } from "./types.js";

/** What matching needs to know about the object under review. */
export interface MatchSubject {
  apiVersion: string;
  kind: string;
  /** API group, version and REST resource, derived once from apiVersion and kind. */
  group: string;
  version: string;
  resource: string;
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  /** Labels of the object's namespace (the Namespace object when linted, else the automatic name label). */
  namespaceLabels: Readonly<Record<string, string>>;
}

/** The subject of an object: its identity plus group, version and resource for rule matching. */
export function subjectOf(o: Omit<MatchSubject, "group" | "version" | "resource">): MatchSubject {
  return {
    ...o,
    group: groupOf(o.apiVersion),
    version: versionOf(o.apiVersion),
    resource: resourceOf(o.kind),
  };
}

/** Cluster-scoped built-in kinds (everything else is treated as namespaced). */
export const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "PriorityClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "APIService",
  "CSIDriver",
  "CSINode",
  "IngressClass",
  "RuntimeClass",
  "VolumeAttachment",
  "CertificateSigningRequest",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "ClusterPolicy",
  "ClusterAdmissionPolicy",
  "ValidatingPolicy",
]);

const IRREGULAR: Record<string, string> = {
  Endpoints: "endpoints",
  PodSecurityPolicy: "podsecuritypolicies",
};

/** The REST resource name of a kind, as API discovery would report it (`NetworkPolicy` → `networkpolicies`). */
export function resourceOf(kind: string): string {
  const irregular = IRREGULAR[kind];
  if (irregular) return irregular;
  const lower = kind.toLowerCase();
  if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh"))
    return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const has = (list: readonly string[], value: string): boolean =>
  list.includes("*") || list.includes(value);

function ruleMatches(rule: ResourceRule, s: MatchSubject, operation: string): boolean {
  if (
    !has(rule.apiGroups, groupOf(s.apiVersion)) ||
    !has(rule.apiVersions, versionOf(s.apiVersion))
  )
    return false;
  if (!has(rule.operations, operation)) return false;
  const resource = resourceOf(s.kind);
  if (!rule.resources.some((r) => r === "*" || r === "*/*" || r === resource)) return false;
  if (rule.resourceNames.length && !rule.resourceNames.includes(s.name)) return false;
  const clusterScoped = CLUSTER_SCOPED.has(s.kind);
  if (rule.scope === "Cluster" && !clusterScoped) return false;
  if (rule.scope === "Namespaced" && clusterScoped) return false;
  return true;
}

/** `metav1.LabelSelector` semantics (an empty selector matches everything). */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!present || !values.includes(value ?? "")) return false;
        break;
      case "NotIn":
        if (present && values.includes(value ?? "")) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether MatchResources select the subject for `operation` (offline: CREATE). */
export function matchResources(
  match: MatchResources | undefined,
  s: MatchSubject,
  operation = "CREATE",
): boolean {
  if (!match) return true;
  if (match.resourceRules.length && !match.resourceRules.some((r) => ruleMatches(r, s, operation)))
    return false;
  if (match.excludeResourceRules.some((r) => ruleMatches(r, s, operation))) return false;
  if (!selectorMatches(match.objectSelector, s.labels)) return false;
  if (match.namespaceSelector && !CLUSTER_SCOPED.has(s.kind)) {
    if (!selectorMatches(match.namespaceSelector, s.namespaceLabels)) return false;
  } else if (match.namespaceSelector && s.kind === "Namespace") {
    if (!selectorMatches(match.namespaceSelector, s.labels)) return false;
  }
  return true;
}
