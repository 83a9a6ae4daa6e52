import type { Finding, Severity } from "../finding.js";

export type ReviewMode = "protect" | "monitor";
export type CheckConclusion = "success" | "failure" | "neutral";

/**
 * The check's conclusion, as Kubewarden's modes mean it: `protect` fails on any error finding;
 * `monitor` never fails (neutral when there is something to report).
 */
export function conclusionOf(
  findings: readonly Pick<Finding, "severity">[],
  mode: ReviewMode,
): CheckConclusion {
  if (mode === "monitor") return findings.length > 0 ? "neutral" : "success";
  return findings.some((f) => f.severity === "error") ? "failure" : "success";
}

/** "2 errors, 1 warning" (or "no problems found"). */
export function countText(findings: readonly Pick<Finding, "severity">[]): string {
  const n: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) n[f.severity]++;
  const parts = (["error", "warning", "notice"] as const)
    .filter((s) => n[s] > 0)
    .map((s) => `${n[s]} ${s}${n[s] === 1 ? "" : "s"}`);
  return parts.length > 0 ? parts.join(", ") : "no problems found";
}
