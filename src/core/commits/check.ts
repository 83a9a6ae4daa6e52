import type { LandingPlan, MergeSettings, PullRequestMessages, Source, Way } from "./landing.js";
import { planLandings } from "./landing.js";
import type { RuleProblem } from "./lint.js";
import { lintMessage } from "./lint.js";
import type { CommitPolicy } from "./policy.js";
import { suggestHeader } from "./suggest.js";

/** The check run bumpwarden reports the result under. */
export const COMMIT_CHECK_NAME = "bumpwarden/conventional-commits";

export type FixHint =
  | { kind: "edit-title" }
  | { kind: "amend"; command: string }
  | { kind: "autosquash"; command: string }
  | { kind: "reword"; sha: string; command: string };

/** One message with its verdict and what to do about it. */
export interface CheckedMessage {
  source: Source;
  written: string;
  header: string;
  /** The text as it lands ("title (#12)"), when it differs from `written`. */
  landing: string;
  ways: Way[];
  squashMessage: boolean;
  /** Error-level problems of a message that lands fail the check; elsewhere they are advice. */
  blocking: boolean;
  problems: RuleProblem[];
  suggestion: string | null;
  fix: FixHint | null;
}

export interface CommitCheckReport {
  conclusion: "success" | "failure" | "neutral";
  number: number;
  baseRef: string;
  squash: LandingPlan["squash"];
  settings: MergeSettings;
  messages: CheckedMessage[];
}

/** Checks a PR's title and commits as they will land under the repository's merge settings. */
export async function checkPullRequest(
  pr: PullRequestMessages,
  settings: MergeSettings,
  policy: CommitPolicy,
): Promise<CommitCheckReport> {
  const base = { number: pr.number, baseRef: pr.baseRef, settings };
  if (!policy.enabled) return { ...base, conclusion: "neutral", squash: null, messages: [] };
  const plan = planLandings(pr, settings, { checkCommits: policy.checkCommits });
  const messages: CheckedMessage[] = [];
  for (const landing of plan.landings) {
    const examined = await examine(landing.written, landing.landing, policy);
    if (landing.source.kind === "commit" && landsUnsquashed(landing.ways))
      examined.problems.push(...autosquashProblems(landing.written));
    const failing = examined.problems.length > 0;
    messages.push({
      ...landing,
      ...examined,
      blocking: landing.ways.length > 0,
      fix: failing ? fixFor(landing.source, examined.problems, pr.baseRef) : null,
    });
  }
  const failed = messages.some((m) => m.blocking && m.problems.some((p) => p.severity === "error"));
  return { ...base, conclusion: failed ? "failure" : "success", squash: plan.squash, messages };
}

/** Checks one message on its own (the CLI and the commit-msg hook). */
export async function checkMessage(
  message: string,
  policy: CommitPolicy,
): Promise<{ valid: boolean; header: string; problems: RuleProblem[]; suggestion: string | null }> {
  const examined = await examine(message, message, policy);
  const valid = !examined.problems.some((p) => p.severity === "error");
  return { valid, ...examined };
}

async function examine(
  written: string,
  landing: string,
  policy: CommitPolicy,
): Promise<{ header: string; problems: RuleProblem[]; suggestion: string | null }> {
  const header = firstLine(written);
  const verdict = await lintMessage(written, policy);
  const problems = [...verdict.problems];
  if (landing !== written) {
    const landed = await lintMessage(landing, policy);
    const suffix = firstLine(landing).slice(header.length);
    for (const p of landed.problems)
      if (!problems.some((q) => q.rule === p.rule))
        problems.push({ ...p, message: `${p.message} once GitHub appends "${suffix.trim()}"` });
  }
  const suggestion = problems.some((p) => HEADER_RULE.test(p.rule))
    ? await validSuggestion(header, policy)
    : null;
  return { header, problems, suggestion };
}

const HEADER_RULE = /^(type|scope|subject|header)-/;

/** A suggested header, only when it is different and passes every header rule itself. */
async function validSuggestion(header: string, policy: CommitPolicy): Promise<string | null> {
  if (header.length > 200) return null;
  const candidate = suggestHeader(header, policy);
  if (candidate === null || candidate === header) return null;
  const verdict = await lintMessage(candidate, policy);
  return verdict.problems.some((p) => p.severity === "error") ? null : candidate;
}

function landsUnsquashed(ways: Way[]): boolean {
  return ways.includes("merge") || ways.includes("rebase");
}

/** commitlint ignores `fixup!` commits, but with merge or rebase they reach the base branch. */
function autosquashProblems(message: string): RuleProblem[] {
  const m = /^(fixup|squash|amend)!/.exec(message);
  if (!m) return [];
  return [
    {
      rule: "autosquash",
      severity: "warning",
      message: `a ${m[1]}! commit lands as it is with a merge commit or a rebase merge`,
    },
  ];
}

function fixFor(source: Source, problems: RuleProblem[], baseRef: string): FixHint {
  if (source.kind === "title") return { kind: "edit-title" };
  if (problems.every((p) => p.rule === "autosquash"))
    return {
      kind: "autosquash",
      command: `git rebase -i --autosquash origin/${baseRef} && git push --force-with-lease`,
    };
  if (source.isLast)
    return { kind: "amend", command: "git commit --amend && git push --force-with-lease" };
  return {
    kind: "reword",
    sha: source.sha,
    command: `git rebase -i origin/${baseRef} && git push --force-with-lease`,
  };
}

function firstLine(message: string): string {
  const end = message.search(/\r?\n/);
  return end === -1 ? message : message.slice(0, end);
}
