import type { Config } from "../config/schema.js";
import { lint } from "../review/engine.js";
import type { Finding } from "../review/finding.js";
import { summarizeForBumpBody } from "../review/report/bump-summary.js";
import type { BumpReviewSummary } from "../review/report/bump-summary.js";
import type { PlannedEdit } from "../scan/bump-types.js";

/**
 * The review of a bump's own change: the rules run on the edited files, and only findings on the
 * edited lines count (the rest of the file was there before). The summary goes in the PR body and
 * its outcome gates auto-merge; the full review (with the repository's policies) still runs on the
 * PR as a check run. `context` are unedited files the edited ones need (the base values file of an
 * edited Helm override names its image).
 */
export function reviewEdits(
  files: ReadonlyArray<{ path: string; text: string }>,
  edits: readonly PlannedEdit[],
  config: Config,
  context: ReadonlyArray<{ path: string; text: string }> = [],
): BumpReviewSummary & { findings: Finding[] } {
  const lines = new Set(edits.map((e) => `${e.file}:${e.line}`));
  const edited = new Set(files.map((f) => f.path));
  const read = [...files, ...context.filter((f) => !edited.has(f.path))];
  const findings = lint(read, { config }).findings.filter((f) => lines.has(`${f.file}:${f.line}`));
  return { ...summarizeForBumpBody(findings, { mode: config.review.mode }), findings };
}
