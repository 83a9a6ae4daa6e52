import { parseLicenseExpression, termText } from "./license-expression.js";
import type { LicenseExpression } from "./license-expression.js";

/** `allow: null` allows everything `deny` does not name. Entries are SPDX ids or globs (`GPL-*`). */
export interface LicensePolicy {
  allow: readonly string[] | null;
  deny: readonly string[];
}

export interface LicenseFailure {
  /** The term as written: `GPL-3.0-only`, `GPL-2.0-only WITH Classpath-exception-2.0`. */
  term: string;
  why: "denied" | "not-allowed";
}

export type LicenseVerdict = { ok: true } | { ok: false; failures: LicenseFailure[] };

const patterns = new Map<string, RegExp>();
function pattern(entry: string): RegExp {
  let re = patterns.get(entry);
  if (!re) {
    const body = normalize(entry)
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    patterns.set(entry, (re = new RegExp(`^${body}$`, "i")));
  }
  return re;
}

const normalize = (text: string): string =>
  text
    .trim()
    .replace(/\s+with\s+/i, " WITH ")
    .replace(/\s+/g, " ");
const hasException = (entry: string): boolean => /\sWITH\s/i.test(entry);

/**
 * Whether one term is acceptable. An entry with `WITH` matches only that exact pairing; one
 * without matches the license whatever its exception. An exception explicitly allowed
 * (`GPL-2.0-only WITH Classpath-exception-2.0`) overrides a deny of its base license, since an
 * exception only ever grants more.
 */
function judgeTerm(
  term: { id: string; exception: string | null },
  policy: LicensePolicy,
): LicenseFailure | null {
  const full = termText(term);
  const matches = (entry: string) => pattern(entry).test(hasException(entry) ? full : term.id);
  if (term.exception && policy.allow?.some((e) => hasException(e) && matches(e))) return null;
  if (policy.deny.some(matches)) return { term: full, why: "denied" };
  if (policy.allow && !policy.allow.some(matches)) return { term: full, why: "not-allowed" };
  return null;
}

/** `A OR B` is acceptable when either side is; `A AND B` when both are. */
export function judgeLicense(
  expression: string | LicenseExpression,
  policy: LicensePolicy,
): LicenseVerdict {
  const expr = typeof expression === "string" ? parseLicenseExpression(expression) : expression;
  const failures = judge(expr, policy);
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}

function judge(expr: LicenseExpression, policy: LicensePolicy): LicenseFailure[] {
  if (expr.kind === "license") {
    const f = judgeTerm(expr, policy);
    return f ? [f] : [];
  }
  const left = judge(expr.left, policy);
  const right = judge(expr.right, policy);
  if (expr.kind === "or" && (left.length === 0 || right.length === 0)) return [];
  return [...left, ...right];
}
