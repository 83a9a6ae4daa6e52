import type { Severity } from "../finding.js";
import { LazyVariables } from "../cel/variables.js";
import { matchResources, selectorMatches } from "./match.js";
import type { MatchSubject } from "./match.js";
import type {
  CompiledPolicy,
  Expression,
  PolicyBinding,
  PolicyVariant,
  Validation,
  Violation,
} from "./types.js";

/** A param object from `--params` (any kind; the policy's paramKind picks). */
export interface ParamObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  value: unknown;
}

export interface AdmissionInput {
  subject: MatchSubject;
  /** The AdmissionRequest (see requestOf), built once per object. */
  request: Record<string, unknown>;
  /** The object as CEL sees it (integers as bigint). */
  object: Record<string, unknown>;
  /** The object's Namespace (from the linted files, or a stub named after it); null if cluster-scoped. */
  namespaceObject: Record<string, unknown> | null;
  params: readonly ParamObject[];
}

type Context = Record<string, unknown>;

function severityOf(policy: CompiledPolicy, binding: PolicyBinding): Severity {
  return !policy.monitor && binding.actions.includes("Deny") ? "error" : "warning";
}

function errorText(e: unknown): string {
  const msg =
    e instanceof Error
      ? ((e as Error & { summary?: string }).summary ?? e.message.split("\n")[0] ?? e.message)
      : String(e);
  return msg;
}

/** The AdmissionRequest an API server would send for creating this object (offline: a dry-run CREATE). */
export function requestOf(s: MatchSubject): Record<string, unknown> {
  const gvk = { group: s.group, version: s.version, kind: s.kind };
  const gvr = { group: s.group, version: s.version, resource: s.resource };
  return {
    uid: "bumpwarden-lint",
    kind: gvk,
    resource: gvr,
    requestKind: gvk,
    requestResource: gvr,
    name: s.name,
    namespace: s.namespace,
    operation: "CREATE",
    userInfo: { username: "bumpwarden", groups: ["system:authenticated"] },
    dryRun: true,
    options: { apiVersion: "meta.k8s.io/v1", kind: "CreateOptions" },
  };
}

function selectParams(
  policy: CompiledPolicy,
  binding: PolicyBinding,
  input: AdmissionInput,
): ParamObject[] | "not-found" | [null] {
  if (!policy.paramKind) return [null];
  const ref = binding.paramRef;
  if (!ref) return [null];
  const { apiVersion, kind } = policy.paramKind;
  const found = input.params.filter(
    (p) =>
      p.apiVersion === apiVersion &&
      p.kind === kind &&
      (ref.name === undefined || p.name === ref.name) &&
      (ref.namespace === undefined || p.namespace === ref.namespace) &&
      (ref.name !== undefined || selectorMatches(ref.selector, p.labels)),
  );
  return found.length ? found : "not-found";
}

function message(
  v: { message?: string; messageExpression?: Expression; expression: Expression },
  ctx: Context,
): string {
  if (v.messageExpression) {
    try {
      const m: unknown = v.messageExpression.program(ctx);
      if (typeof m === "string" && m.trim() !== "" && !m.includes("\n")) return m.trim();
    } catch {
      // Kubernetes falls back to `message` when messageExpression fails.
    }
  }
  return v.message?.trim() || `failed expression: ${v.expression.text.trim()}`;
}

/** Evaluates one policy against one object: its violations (empty when it passes or does not apply). */
export function evaluatePolicy(policy: CompiledPolicy, input: AdmissionInput): Violation[] {
  const s = input.subject;
  const out: Violation[] = [];
  if (policy.namespace !== undefined && s.namespace !== policy.namespace) return out;
  // Hot path (every policy × every object): plain loops, no closures.
  for (const binding of policy.bindings) {
    if (!matchResources(binding.match, s)) continue;
    let variant: PolicyVariant | undefined;
    for (const v of policy.variants)
      if (matchResources(v.match, s)) {
        variant = v;
        break;
      }
    if (!variant) continue;
    const at: Site = { policy, binding, severity: severityOf(policy, binding) };
    const params = selectParams(policy, binding, input);
    if (params === "not-found") {
      if (binding.paramRef?.parameterNotFoundAction === "Deny")
        out.push(
          violation(
            at,
            -1,
            `no ${policy.paramKind?.kind ?? "param"} found for binding "${binding.name}" (parameterNotFoundAction: Deny); pass it with --params`,
          ),
        );
      continue;
    }
    for (const param of params)
      evaluateVariant(at, variant, input, param === null ? null : param.value, out);
  }
  return out;
}

/** Which policy and binding a violation comes from, and how severe it is. */
interface Site {
  policy: CompiledPolicy;
  binding: PolicyBinding;
  severity: Severity;
}

function violation(at: Site, validation: number, message: string): Violation {
  return {
    policy: at.policy.name,
    binding: at.binding.name,
    validation,
    message,
    severity: at.severity,
  };
}

const snippet = (e: Expression): string => e.text.trim().slice(0, 120);

function evaluateVariant(
  at: Site,
  variant: PolicyVariant,
  input: AdmissionInput,
  params: unknown,
  out: Violation[],
): void {
  const ctx: Context = {
    object: input.object,
    oldObject: null,
    request: input.request,
    params,
    namespaceObject: input.namespaceObject,
    variables: undefined,
  };
  ctx.variables = new LazyVariables(variant.variables, ctx);
  const fail = at.policy.failurePolicy === "Fail";
  for (const c of variant.matchConditions) {
    try {
      const r: unknown = c.expression.program(ctx);
      if (r === false) return;
      if (r !== true) {
        if (fail)
          out.push(violation(at, -1, `matchCondition "${c.name}" did not evaluate to a bool`));
        return;
      }
    } catch (e) {
      if (fail) out.push(violation(at, -1, `matchCondition "${c.name}" failed: ${errorText(e)}`));
      return;
    }
  }
  for (let i = 0; i < variant.validations.length; i++) {
    const v = variant.validations[i] as Validation;
    let r: unknown;
    try {
      r = v.expression.program(ctx);
    } catch (e) {
      if (fail)
        out.push(violation(at, i, `expression failed: ${errorText(e)} (${snippet(v.expression)})`));
      continue;
    }
    if (r === true) continue;
    if (r === false) out.push(violation(at, i, message(v, ctx)));
    else if (fail)
      out.push(violation(at, i, `validation did not evaluate to a bool: ${snippet(v.expression)}`));
  }
}
