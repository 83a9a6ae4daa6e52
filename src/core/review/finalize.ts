import { indexLines } from "../yaml/index.js";
import type { LineIndex } from "../yaml/index.js";
import type { Draft, Finding, Severity } from "./finding.js";
import { compareFindings } from "./finding.js";
import { annotationException, configException } from "./exceptions.js";
import { fingerprint } from "./fingerprint.js";
import type { ReviewConfig } from "./rules/context.js";

/** A finding an exception removed, kept for the check-run summary with the exception's reason. */
export interface SuppressedFinding extends Finding {
  reason: string;
}

const CAP: Record<Severity, Severity> = { error: "warning", warning: "warning", notice: "notice" };

/**
 * Turns drafts into findings: per-rule severity from config (`off` drops), exceptions (config or
 * annotation, with their reason), `monitor` mode (nothing fails), fingerprints, sorted output.
 */
export function finalize(
  drafts: readonly Draft[],
  config: ReviewConfig,
  texts: ReadonlyMap<string, string>,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const seen = new Map<string, number>();
  const lines = new Map<string, LineIndex>();
  const monitor = config.review.mode === "monitor";
  const ordered = [...drafts].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  for (const d of ordered) {
    const level =
      (d.policy !== undefined ? config.review.rules[d.policy] : undefined) ??
      config.review.rules[d.rule];
    if (level === "off") continue;
    let severity: Severity = level ?? d.severity;
    if (monitor) severity = CAP[severity];
    const content = d.key ?? lineContent(d, texts, lines);
    const print = fingerprint(d.rule, d.file, `${content}\0${d.policy ?? ""}`);
    const legacy = legacyFingerprint(d, d.legacyKey ?? content, seen);
    const finding: Finding = {
      file: d.file,
      line: d.line,
      column: d.column,
      ...(d.endLine !== undefined && { endLine: d.endLine }),
      rule: d.rule,
      severity,
      message: d.message,
      ...(d.policy !== undefined && { policy: d.policy }),
      ...(d.fix && { fix: d.fix }),
      fingerprint: print,
      ...(legacy !== print && { legacyFingerprint: legacy }),
    };
    const reason = configException(d, config.review.exceptions) ?? annotationException(d);
    if (reason !== undefined) suppressed.push({ ...finding, reason });
    else findings.push(finding);
  }
  return { findings: findings.sort(compareFindings), suppressed: suppressed.sort(compareFindings) };
}

/**
 * The fingerprint earlier versions gave `d`: they counted the findings before it with the same
 * rule, file and content (whatever their policy) and hashed that index in.
 */
function legacyFingerprint(d: Draft, content: string, seen: Map<string, number>): string {
  const id = `${d.rule}\0${d.file}\0${content}`;
  const occurrence = seen.get(id) ?? 0;
  seen.set(id, occurrence + 1);
  return fingerprint(d.rule, d.file, `${content}\0${d.policy ?? ""}`, occurrence);
}

function lineContent(
  d: Draft,
  texts: ReadonlyMap<string, string>,
  cache: Map<string, LineIndex>,
): string {
  const text = texts.get(d.file);
  if (text === undefined) return d.rule;
  let idx = cache.get(d.file);
  if (!idx) cache.set(d.file, (idx = indexLines(text)));
  const start = idx.startOf(d.line);
  const end = d.line < idx.lineCount ? idx.startOf(d.line + 1) : text.length;
  const r = d.resource;
  return `${text.slice(start, end)}\0${r ? `${r.kind}/${r.namespace}/${r.name}` : ""}\0${d.scope ?? ""}`;
}
