import type { Severity } from "../finding.js";
import type { Program } from "../cel/compile.js";

/** `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | undefined;
  matchExpressions?:
    Array<{ key: string; operator: string; values?: string[] | undefined }> | undefined;
}

/** `admissionregistration/v1 NamedRuleWithOperations`. */
export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames: string[];
  scope: string;
}

/** `admissionregistration/v1 MatchResources`, normalized. */
export interface MatchResources {
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  objectSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}

/** A compiled CEL expression, remembering where it is written (for errors and reports). */
export interface Expression {
  text: string;
  program: Program;
}

export interface Validation {
  expression: Expression;
  message?: string;
  messageExpression?: Expression;
}

/**
 * One evaluable form of a policy: the policy itself, or a Kyverno autogen variant for pod
 * controllers (same checks with `object.spec` rewritten to the pod template).
 */
export interface PolicyVariant {
  name: string;
  match: MatchResources | undefined;
  matchConditions: Array<{ name: string; expression: Expression }>;
  variables: Array<{ name: string; expression: Expression }>;
  validations: Validation[];
}

export type ValidationAction = "Deny" | "Warn" | "Audit";

/** How a policy is bound: extra match constraints, the params it reads, and what a violation does. */
export interface PolicyBinding {
  name: string;
  match: MatchResources | undefined;
  paramRef?: {
    name?: string;
    namespace?: string;
    selector?: LabelSelector;
    parameterNotFoundAction: "Allow" | "Deny";
  };
  actions: ValidationAction[];
}

export type PolicySource =
  "ValidatingAdmissionPolicy" | "Kyverno ValidatingPolicy" | "Kubewarden cel-policy";

export interface CompiledPolicy {
  name: string;
  source: PolicySource;
  file: string;
  line: number;
  failurePolicy: "Fail" | "Ignore";
  paramKind?: { apiVersion: string; kind: string };
  /** Kubewarden AdmissionPolicy: only objects in this namespace. */
  namespace?: string;
  /** Kubewarden `mode: monitor` reports without failing. */
  monitor: boolean;
  variants: PolicyVariant[];
  bindings: PolicyBinding[];
}

/** A policy file that cannot be used, with the place of the problem. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  policy?: string;
}

/** One violation of one policy by one object. */
export interface Violation {
  policy: string;
  binding: string;
  /** Index of the failed validation (-1 for errors outside validations, e.g. missing params). */
  validation: number;
  message: string;
  severity: Severity;
}
