import type { Config } from "../config/schema.js";
import { lint } from "../review/engine.js";
import type { Finding } from "../review/finding.js";
import { parseManifest } from "../review/manifest.js";
import type { PolicySet } from "../review/policy/load.js";
import type { ParamObject } from "../review/policy/evaluate.js";
import { summarizeForBumpBody } from "../review/report/bump-summary.js";
import type { BumpReviewSummary } from "../review/report/bump-summary.js";
import type { PlannedEdit } from "../scan/bump-types.js";

/** The admission policies of `review.policies` (default branch), loaded once per bump. */
export interface BumpPolicies {
  set: PolicySet;
  params: readonly ParamObject[];
}

/**
 * The review of a bump's own change: the rules and the repository's admission policies run on the
 * edited files. A rule finding counts only on an edited line (the rest of the file was there
 * before); a policy violation counts for every object that holds an edited line, as the cluster
 * judges the whole object the bump applies. The summary goes in the PR body and its outcome gates
 * auto-merge. `context` are unedited files the edited ones need (the base values file of an
 * edited Helm override names its image); they are read, never reported on.
 */
export function reviewEdits(
  files: ReadonlyArray<{ path: string; text: string }>,
  edits: readonly PlannedEdit[],
  config: Config,
  extra: {
    context?: ReadonlyArray<{ path: string; text: string }>;
    policies?: BumpPolicies | undefined;
  } = {},
): BumpReviewSummary & { findings: Finding[] } {
  const { context = [], policies } = extra;
  const lines = new Set(edits.map((e) => `${e.file}:${e.line}`));
  const edited = editedObjects(files, edits);
  const paths = new Set(files.map((f) => f.path));
  const read = [...files, ...context.filter((f) => !paths.has(f.path))];
  const result = lint(read, {
    config,
    ...(policies && { policies: policies.set, params: policies.params }),
  });
  // A policy violation sits at its object's name, inside the object's lines.
  const findings = result.findings.filter((f) =>
    f.rule === "admission-policy"
      ? edited.some((o) => o.file === f.file && f.line >= o.first && f.line <= o.last)
      : lines.has(`${f.file}:${f.line}`),
  );
  return { ...summarizeForBumpBody(findings, { mode: config.review.mode }), findings };
}

/** The lines of the Kubernetes objects that hold an edited line. */
function editedObjects(
  files: ReadonlyArray<{ path: string; text: string }>,
  edits: readonly PlannedEdit[],
): Array<{ file: string; first: number; last: number }> {
  const out: Array<{ file: string; first: number; last: number }> = [];
  for (const file of files) {
    const at = edits.filter((e) => e.file === file.path).map((e) => e.line);
    if (at.length === 0 || !/\.ya?ml$/i.test(file.path)) continue;
    const parsed = parseManifest(file);
    if (!parsed.ok) continue;
    for (const object of parsed.value.objects) {
      const first = object.lines.lineOf(object.root.start);
      const last = object.lines.lineOf(object.root.end);
      if (at.some((line) => line >= first && line <= last))
        out.push({ file: file.path, first, last });
    }
  }
  return out;
}
