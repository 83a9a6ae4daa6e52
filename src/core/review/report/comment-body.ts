import type { Finding } from "../finding.js";
import { formatFindingMarker } from "./marker.js";
import { ruleDocUrl } from "./rule-links.js";

/** GitHub refuses comment bodies over 65,536 characters; a suggestion that large is dropped. */
const MAX_BODY = 60_000;

/** A finding's rule, with the policy that produced it when there is one. */
export const ruleLabel = (f: Pick<Finding, "rule" | "policy">): string =>
  f.policy === undefined ? f.rule : `${f.rule} (${f.policy})`;

/**
 * An inline comment: one line saying what and why, linked to the rule's docs, then a
 * `suggestion` block when there is one, then the hidden fingerprint marker.
 */
export function renderComment(f: Finding, suggestion?: string, docsUrl?: string): string {
  const head = `**${f.severity}** [${ruleLabel(f)}](${ruleDocUrl(f.rule, docsUrl)}): ${oneLine(f.message)}`;
  const marker = formatFindingMarker(f.fingerprint);
  if (suggestion !== undefined) {
    const fence = "`".repeat(Math.max(3, longestRun(suggestion, "`") + 1));
    const body = `${head}\n\n${fence}suggestion\n${suggestion}\n${fence}\n${marker}`;
    if (body.length <= MAX_BODY) return body;
  }
  return `${head}\n${marker}`;
}

/** Messages are one line by contract; a policy's messageExpression may not keep it. */
export function oneLine(message: string, max = 1_000): string {
  const flat = message.replace(/\s*\n\s*/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
