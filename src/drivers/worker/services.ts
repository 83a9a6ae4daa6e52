import type { GitHubClient } from "../../adapters/github/client.js";
import { GitHubCommitCheck } from "../../adapters/github/commit-check.js";
import { appliedConfig, loadRepoConfig } from "../../adapters/github/config-loader.js";
import { GitHubConversation } from "../../adapters/github/conversation.js";
import { GitHubDashboardIssues } from "../../adapters/github/dashboard-issues.js";
import { GitHubSourceHistory } from "../../adapters/github/compare.js";
import { GitHubGitHost } from "../../adapters/github/git-host.js";
import type { Metrics } from "../../adapters/metrics/index.js";
import { processMetrics } from "../../adapters/metrics/index.js";
import type { EvidenceSource } from "../../app/bump-repo.js";
import { createBumpRunner } from "../../app/commands/bump-runner.js";
import type { CommandServices } from "../../app/commands/handle-comment.js";
import { runCommitCheck } from "../../app/commit-check.js";
import type { CommitCheckOutcome } from "../../app/commit-check.js";
import { readIgnoreRules } from "../../app/dashboard.js";
import type { DashboardDeps } from "../../app/dashboard.js";
import type { RepoConfigSource } from "../../app/repo-config.js";
import { toRepoConfig } from "../../app/repo-config.js";
import type { PullRequestDetails } from "../../ports/conversation.js";
import { systemClock } from "../../ports/clock.js";
import type { Clock } from "../../ports/clock.js";
import type { RepoName } from "../../ports/git-host.js";
import type { ImageIndex } from "../../ports/image-index.js";
import { countPullRequests } from "../ops/outcome-metrics.js";

/** What the command, commit-check and dashboard jobs share. */
export interface ControlsDeps {
  /** The image index the bump use case reads (the app's shared one). */
  index: ImageIndex;
  clock?: Clock;
  /** Registry evidence for a tag (digest, signature, gates); none by default. */
  evidence?: EvidenceSource;
  /** `/lint`: (re)runs the review of a PR (the worker queues the PR's review job). */
  review: (client: GitHubClient, repo: RepoName, pr: PullRequestDetails) => Promise<unknown>;
  /** Counts the PRs commands open, update or close; default: the process's. */
  metrics?: Pick<Metrics, "pullRequest">;
}

/** The configuration as the app applies it: default branch, org fallback, `_extends`. */
export function configSource(client: GitHubClient): RepoConfigSource {
  return async (repo) =>
    toRepoConfig(await loadRepoConfig(client, { owner: repo.owner, repo: repo.name }));
}

export function commitCheckFor(client: GitHubClient, repo: RepoName) {
  const host = new GitHubCommitCheck(client);
  const config = configSource(client);
  return (pr: PullRequestDetails): Promise<CommitCheckOutcome> =>
    runCommitCheck(
      {
        repo,
        number: pr.number,
        headSha: pr.headSha,
        title: pr.title,
        baseRef: pr.baseRef,
        commitCount: pr.commitCount,
      },
      { host, config },
    );
}

/**
 * What the dashboard use cases need on this installation's client. The worker records bump
 * outcomes with it: `recordBumpOutcome(repo, outcome, { ...dashboardDeps(…), clock })`.
 */
export function dashboardDeps(
  client: GitHubClient,
  installationId: number,
  index: ImageIndex,
): DashboardDeps {
  return {
    issues: new GitHubDashboardIssues(client),
    config: configSource(client),
    index,
    installationId,
  };
}

/** Builds the services one event's commands use, on this installation's client. */
export function commandServices(
  client: GitHubClient,
  installationId: number,
  repo: RepoName,
  deps: ControlsDeps,
): CommandServices {
  const dashboard = dashboardDeps(client, installationId, deps.index);
  const { issues } = dashboard;
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? processMetrics();
  const bump = createBumpRunner(
    {
      host: new GitHubGitHost(client),
      index: deps.index,
      clock,
      evidence: deps.evidence ?? (async () => ({})),
      history: new GitHubSourceHistory(client),
      ignores: (r) => readIgnoreRules(issues, r),
      config: appliedConfig(client),
    },
    installationId,
    repo,
    dashboard,
  );
  return {
    repo,
    conversation: new GitHubConversation(client),
    dashboard,
    bump: async (request) => {
      const outcome = await bump(request);
      countPullRequests(metrics, outcome);
      return outcome;
    },
    commitCheck: commitCheckFor(client, repo),
    review: async (pr) => {
      await deps.review(client, repo, pr);
    },
    now: () => clock.now(),
  };
}
