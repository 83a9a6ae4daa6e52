import type { Finding } from "../finding.js";
import { compareFindings } from "../finding.js";
import { oneLine, ruleLabel } from "./comment-body.js";
import { conclusionOf, countText } from "./conclusion.js";
import type { CheckConclusion, ReviewMode } from "./conclusion.js";

/** `BumpBody.review` (src/core/pr/body.ts), plus the check conclusion that gates auto-merge. */
export interface BumpReviewSummary {
  conclusion: string;
  lines: string[];
  outcome: CheckConclusion;
}

const RANK = { error: 0, warning: 1, notice: 2 } as const;

/**
 * A short review of a bump PR's files for its body: the outcome in words and the most severe
 * findings, one line each (the check run has them all).
 */
export function summarizeForBumpBody(
  findings: readonly Finding[],
  options: { mode?: ReviewMode; max?: number } = {},
): BumpReviewSummary {
  const mode = options.mode ?? "protect";
  const max = options.max ?? 10;
  const outcome = conclusionOf(findings, mode);
  const counts = countText(findings);
  const conclusion =
    outcome === "failure"
      ? `failed (${counts})`
      : outcome === "neutral"
        ? `monitor mode, not enforced (${counts})`
        : `passed (${counts})`;
  const ordered = [...findings].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || compareFindings(a, b),
  );
  const lines = ordered
    .slice(0, max)
    .map(
      (f) => `\`${f.file}:${f.line}\` ${f.severity} ${ruleLabel(f)}: ${oneLine(f.message, 300)}`,
    );
  if (ordered.length > max)
    lines.push(`… ${ordered.length - max} more in the \`bumpwarden/review\` check`);
  return { conclusion, lines, outcome };
}
