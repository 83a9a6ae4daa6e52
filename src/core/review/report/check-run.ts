import type { SuppressedFinding } from "../finalize.js";
import type { Finding } from "../finding.js";
import { oneLine, ruleLabel } from "./comment-body.js";
import { conclusionOf, countText } from "./conclusion.js";
import type { CheckConclusion, ReviewMode } from "./conclusion.js";
import { ruleDocUrl } from "./rule-links.js";

export const CHECK_NAME = "bumpwarden/review";
/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations sent at most per run (20 requests); the summary counts the rest. */
export const MAX_ANNOTATIONS = 1_000;
/** GitHub refuses a summary over 65,535 characters; stay well below. */
const MAX_SUMMARY = 60_000;
const MAX_TABLE_ROWS = 100;
const MAX_LISTED = 20;

/** A check-run annotation, in the Checks API's shape. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title: string;
  raw_details?: string;
}

export interface CheckRunInput {
  /** Every finding reported on the PR. */
  findings: readonly Finding[];
  /** Those not shown as inline comments. */
  annotations: readonly Finding[];
  mode: ReviewMode;
  inline: {
    posted: number;
    kept: number;
    resolved: number;
    overCap: number;
    max: number;
    draft?: boolean;
  };
  suppressed?: readonly SuppressedFinding[];
  files: { reviewed: number; skipped: ReadonlyArray<{ path: string; reason: string }> };
  /** Sentences about the run itself (a refused review, a head that moved). */
  notes?: readonly string[];
  docsUrl?: string;
}

export interface CheckRunOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  /** Annotations in requests of at most 50. */
  batches: Annotation[][];
}

const LEVEL = { error: "failure", warning: "warning", notice: "notice" } as const;

export function toAnnotation(f: Finding): Annotation {
  return {
    path: f.file,
    start_line: f.line,
    end_line: Math.max(f.line, f.endLine ?? f.line),
    annotation_level: LEVEL[f.severity],
    message: oneLine(f.message, 4_000),
    title: ruleLabel(f),
    ...(f.fix && {
      raw_details: `Suggested change (line${f.fix.endLine > f.fix.line ? `s ${f.fix.line}-${f.fix.endLine}` : ` ${f.fix.line}`}):\n${f.fix.text.slice(0, 8_000)}`,
    }),
  };
}

/** The `bumpwarden/review` check run: conclusion from the mode, a summary table, annotations. */
export function renderCheckRun(input: CheckRunInput): CheckRunOutput {
  const conclusion = conclusionOf(input.findings, input.mode);
  const sent = input.annotations.slice(0, MAX_ANNOTATIONS).map(toAnnotation);
  const batches: Annotation[][] = [];
  for (let i = 0; i < sent.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(sent.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const title =
    input.findings.length === 0 ? "No problems found" : capitalize(countText(input.findings));
  return { conclusion, title, summary: summaryText(input, conclusion, sent.length), batches };
}

function summaryText(input: CheckRunInput, conclusion: CheckConclusion, sent: number): string {
  const out: string[] = [];
  out.push(
    input.mode === "protect"
      ? `Mode **protect**: error findings fail this check${conclusion === "failure" ? "." : "; there are none."}`
      : "Mode **monitor**: findings are reported, nothing fails this check.",
  );
  if (input.findings.length > 0) {
    out.push("", "| Rule | Severity | Findings |", "| --- | --- | ---: |");
    const rows = tally(input.findings);
    for (const r of rows.slice(0, MAX_TABLE_ROWS))
      out.push(
        `| [${cell(r.label)}](${ruleDocUrl(r.rule, input.docsUrl)}) | ${r.severity} | ${r.count} |`,
      );
    if (rows.length > MAX_TABLE_ROWS) out.push(`| … ${rows.length - MAX_TABLE_ROWS} more | | |`);
  }
  out.push("", ...inlineLines(input, sent), ...(input.notes ?? []));
  const skipped = input.files.skipped;
  out.push(
    `${input.files.reviewed} changed file${input.files.reviewed === 1 ? "" : "s"} reviewed.`,
  );
  if (skipped.length > 0) {
    out.push("", `Not reviewed (${skipped.length}):`);
    for (const s of skipped.slice(0, MAX_LISTED)) out.push(`- \`${cell(s.path)}\`: ${s.reason}`);
    if (skipped.length > MAX_LISTED) out.push(`- … ${skipped.length - MAX_LISTED} more`);
  }
  const suppressed = input.suppressed ?? [];
  if (suppressed.length > 0) {
    out.push("", `Excepted (${suppressed.length}):`);
    for (const s of suppressed.slice(0, MAX_LISTED))
      out.push(
        `- \`${cell(s.file)}:${s.line}\` ${cell(ruleLabel(s))}: ${cell(oneLine(s.reason, 200))}`,
      );
    if (suppressed.length > MAX_LISTED) out.push(`- … ${suppressed.length - MAX_LISTED} more`);
  }
  const text = out.join("\n");
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 2)}\n…`;
}

function inlineLines(input: CheckRunInput, sent: number): string[] {
  const { posted, kept, resolved, overCap, max, draft } = input.inline;
  const lines: string[] = [];
  if (draft) lines.push("Draft pull request: findings are annotations only, no inline comments.");
  else if (posted + kept + resolved > 0)
    lines.push(
      `Inline comments: ${posted} new, ${kept} already posted${resolved > 0 ? `, ${resolved} resolved (fixed)` : ""}.`,
    );
  if (overCap > 0)
    lines.push(
      `${overCap} more on changed lines are annotations: at most ${max} inline comments (\`review.maxInlineComments\`).`,
    );
  if (input.annotations.length > sent)
    lines.push(
      `${input.annotations.length - sent} annotations not shown (at most ${MAX_ANNOTATIONS}).`,
    );
  return lines;
}

function tally(findings: readonly Finding[]) {
  const rows = new Map<string, { rule: string; label: string; severity: string; count: number }>();
  for (const f of findings) {
    const label = ruleLabel(f);
    const key = `${label}\0${f.severity}`;
    const row = rows.get(key) ?? { rule: f.rule, label, severity: f.severity, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  const rank = { error: 0, warning: 1, notice: 2 } as Record<string, number>;
  return [...rows.values()].sort(
    (a, b) =>
      (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3) ||
      b.count - a.count ||
      (a.label < b.label ? -1 : 1),
  );
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
