import { COMMIT_CHECK_NAME, checkPullRequest } from "../core/commits/check.js";
import { commitPolicy } from "../core/commits/policy.js";
import { renderCommitCheck } from "../core/commits/summary.js";
import type { CommitCheckHost } from "../ports/conversation.js";
import type { RepoName } from "../ports/git-host.js";
import type { RepoConfigSource } from "./repo-config.js";

/** Commits checked per PR; GitHub lists at most 250 through the API anyway. */
export const COMMIT_CHECK_LIMIT = 100;
const SUMMARY_ROOM = 65_000;

export interface CommitCheckTarget {
  repo: RepoName;
  number: number;
  headSha: string;
  title: string;
  baseRef: string;
  /** The PR's commit count as GitHub reports it (the webhook's `pull_request.commits`). */
  commitCount: number;
}

export interface CommitCheckDeps {
  host: CommitCheckHost;
  config: RepoConfigSource;
}

export interface CommitCheckOutcome {
  conclusion: "success" | "failure" | "neutral";
  /** Messages checked (title included); 0 when the check is off. */
  checked: number;
  commitsChecked: number;
  commitsSkipped: number;
  checkRunId: number | null;
}

/**
 * `bumpwarden/conventional-commits` for one PR head: lists the commits (the first
 * COMMIT_CHECK_LIMIT, and says so when there are more), reads the repository's merge settings to
 * know which messages land, checks them with the default branch's `commits:` rules, and creates
 * or updates the check run. With `commits.conventional: false` no run is created.
 */
export async function runCommitCheck(
  target: CommitCheckTarget,
  deps: CommitCheckDeps,
): Promise<CommitCheckOutcome> {
  const { config, problems } = await deps.config(target.repo);
  const policy = commitPolicy(config);
  if (!policy.enabled)
    return {
      conclusion: "neutral",
      checked: 0,
      commitsChecked: 0,
      commitsSkipped: 0,
      checkRunId: null,
    };
  const [commits, settings] = await Promise.all([
    deps.host.commits(target.repo, target.number, COMMIT_CHECK_LIMIT),
    deps.host.mergeSettings(target.repo),
  ]);
  const total = Math.max(target.commitCount, commits.length);
  const report = await checkPullRequest(
    { number: target.number, title: target.title, commits, baseRef: target.baseRef },
    settings,
    policy,
  );
  const output = renderCommitCheck(report);
  const notes: string[] = [];
  if (total > commits.length)
    notes.push(
      `This pull request has ${total} commits; the first ${commits.length} were checked. ` +
        "Squash or split it to have every commit checked.",
    );
  if (problems.length > 0)
    notes.push(
      `\`.github/bumpwarden.yml\` on the default branch is invalid, so the default rules were used: ${problems.slice(0, 3).join("; ")}`,
    );
  const summary =
    notes.length > 0
      ? `${notes.map((n) => `> ${n}`).join("\n>\n")}\n\n${output.summary}`
      : output.summary;
  const run = await deps.host.publish(target.repo, COMMIT_CHECK_NAME, {
    headSha: target.headSha,
    conclusion: report.conclusion,
    output: { title: output.title, summary: summary.slice(0, SUMMARY_ROOM) },
  });
  return {
    conclusion: report.conclusion,
    checked: report.messages.length,
    commitsChecked: commits.length,
    commitsSkipped: total - commits.length,
    checkRunId: run.id,
  };
}
