import type { CheckedMessage, CommitCheckReport } from "./check.js";

/** GitHub rejects a check run whose `output.summary` is longer than 65,535 characters. */
const SUMMARY_LIMIT = 65_000;
const MAX_DETAILED = 40;

export interface CheckOutput {
  title: string;
  summary: string;
}

/** Renders the report as a check run's `output` (title and markdown summary). Pure. */
export function renderCommitCheck(report: CommitCheckReport): CheckOutput {
  if (report.conclusion === "neutral")
    return {
      title: "Conventional Commits check is off",
      summary: "`commits.conventional` is `false` in `.github/bumpwarden.yml`.",
    };
  const failing = report.messages.filter((m) => m.problems.length > 0);
  const blocking = failing.filter(
    (m) => m.blocking && m.problems.some((p) => p.severity === "error"),
  );
  const parts = [landingSentence(report), ""];
  if (failing.length === 0) parts.push("Every message that lands follows Conventional Commits. ✅");
  const shown = failing.slice(0, MAX_DETAILED);
  for (const m of shown) parts.push(renderMessage(m, report));
  if (failing.length > shown.length)
    parts.push(`…and ${failing.length - shown.length} more messages with problems.`);
  parts.push(
    "",
    "<sub>Checked with commitlint and @commitlint/config-conventional plus `commits:` in `.github/bumpwarden.yml`.</sub>",
  );
  return { title: title(report, blocking.length, failing.length), summary: clip(parts.join("\n")) };
}

function title(report: CommitCheckReport, blocking: number, failing: number): string {
  if (report.conclusion === "failure") {
    const first = report.messages.find(
      (m) => m.blocking && m.problems.some((p) => p.severity === "error"),
    );
    if (blocking === 1 && first?.source.kind === "title")
      return "The pull request title breaks Conventional Commits";
    return `${blocking} ${blocking === 1 ? "message breaks" : "messages break"} Conventional Commits`;
  }
  if (failing > 0)
    return `Conventional Commits: ${failing} ${failing === 1 ? "note" : "notes"}, nothing blocking`;
  return "Commit messages follow Conventional Commits";
}

function landingSentence(report: CommitCheckReport): string {
  const s = report.settings;
  const lines: string[] = [];
  const squashed = report.messages.find((m) => m.squashMessage);
  if (report.squash?.from === "title" && squashed)
    lines.push(`A squash merge uses the pull request title: ${code(firstLine(squashed.landing))}.`);
  if (report.squash?.from === "commit" && squashed)
    lines.push(
      `The pull request has one commit, so a squash merge uses its message (the repository squashes to "commit or pull request title"): ${code(firstLine(squashed.landing))}.`,
    );
  if (s.allowMergeCommit)
    lines.push(
      s.mergeCommitTitle === "PR_TITLE"
        ? "A merge commit keeps every commit and takes the pull request title."
        : "A merge commit keeps every commit as it is.",
    );
  if (s.allowRebaseMerge) lines.push("Rebase and merge replays every commit as it is.");
  return `**What lands on \`${report.baseRef}\`:** ${lines.join(" ")}`;
}

function renderMessage(m: CheckedMessage, report: CommitCheckReport): string {
  const hasError = m.problems.some((p) => p.severity === "error");
  const icon = m.blocking && hasError ? "❌" : "⚠️";
  const name =
    m.source.kind === "title" ? "Pull request title" : `Commit ${code(m.source.sha.slice(0, 7))}`;
  const advisory = m.blocking ? "" : ` — advice only: ${notLanding(m, report)}`;
  const out = [`### ${icon} ${name}${advisory}`, "", code(m.header), ""];
  for (const p of m.problems)
    out.push(`- ${p.message} (${code(p.rule)}${p.severity === "warning" ? ", warning" : ""})`);
  if (m.problems.some((p) => /^(body|footer)-/.test(p.rule))) out.push("", fenced(m.written));
  out.push("");
  if (m.suggestion)
    out.push(
      `**Suggested ${m.source.kind === "title" ? "title" : "message header"}:** ${code(m.suggestion)}`,
      "",
    );
  const fix = howToFix(m);
  if (fix) out.push(`**How to fix:** ${fix}`, "");
  return out.join("\n");
}

function notLanding(m: CheckedMessage, report: CommitCheckReport): string {
  if (m.source.kind === "title")
    return report.squash?.from === "commit"
      ? "with one commit the squash uses the commit message, but the title will land once the PR has more commits."
      : "the title does not reach the base branch with this repository's merge settings.";
  return "commits are squashed, so only the squash message lands.";
}

function howToFix(m: CheckedMessage): string | null {
  const fix = m.fix;
  if (!fix) return null;
  if (fix.kind === "edit-title") return "edit the pull request title (the pencil next to it).";
  const sha = fix.kind === "reword" ? fix.sha.slice(0, 7) : "";
  const squashNote = m.squashMessage
    ? " Or edit the message in the merge box when you squash."
    : "";
  if (fix.kind === "autosquash")
    return `${code(fix.command)} folds it into the commit it fixes (or squash when you merge).`;
  if (fix.kind === "amend")
    return `it is the last commit: ${code(fix.command)} and write the new message.${squashNote}`;
  return `${code(fix.command)}, change \`pick\` to \`reword\` on ${code(sha)} and write the new message.${squashNote}`;
}

/** An inline code span that survives backticks in the text (shown up to 300 characters). */
export function code(full: string): string {
  const text = full.length > 300 ? `${full.slice(0, 300)}…` : full;
  const fence = "`".repeat(longestRun(text) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text.replace(/\r?\n/g, " ")}${pad}${fence}`;
}

function longestRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/** A fenced block of the message, at most 40 lines: enough to find the long line. */
function fenced(text: string): string {
  const lines = text.split(/\r?\n/);
  const shown = lines.slice(0, 40).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l));
  if (lines.length > 40) shown.push(`… ${lines.length - 40} more lines`);
  const body = shown.join("\n");
  const fence = "`".repeat(Math.max(2, longestRun(body)) + 1);
  return `${fence}text\n${body}\n${fence}`;
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

function clip(summary: string): string {
  if (summary.length <= SUMMARY_LIMIT) return summary;
  const cut = summary.lastIndexOf("\n### ", SUMMARY_LIMIT);
  return `${summary.slice(0, cut > 0 ? cut : SUMMARY_LIMIT)}\n\n…summary shortened to fit GitHub's limit.`;
}
