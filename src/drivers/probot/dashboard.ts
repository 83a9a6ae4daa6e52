import type { Probot } from "probot";
import type { GitHubClient } from "../../adapters/github/client.js";
import { CONFIG_PATH } from "../../adapters/github/config-loader.js";
import { GitHubConversation } from "../../adapters/github/conversation.js";
import { handleDashboardEdit } from "../../app/dashboard-edit.js";
import { syncDashboard } from "../../app/dashboard.js";
import { isBot } from "../../core/commands/permissions.js";
import { HOLD_LABEL } from "../../core/plan/repo-bump.js";
import { parseMarker } from "../../core/pr/marker.js";
import type { RepoName } from "../../ports/git-host.js";
import { eventLog } from "../ops/log-fields.js";
import type { ControlsDeps } from "./controls.js";
import { commandServices, repoLock, withIndex } from "./controls.js";

/**
 * The dashboard issue (docs/commands.md#dashboard): refreshed when a bumpwarden PR opens, closes
 * or is put on hold, and when the default branch's config changes; checkbox edits act like the
 * commands. `dashboard.enabled: false` turns all of it off.
 */
export function registerDashboard(app: Probot, deps: ControlsDeps = {}): void {
  const shared = withIndex(deps);
  const lock = deps.lock ?? repoLock;
  const refresh = async (client: GitHubClient, installationId: number, repo: RepoName) =>
    lock(`${repo.owner}/${repo.name}`, () => {
      const services = commandServices(client, installationId, repo, shared);
      return syncDashboard(repo, services.dashboard);
    });

  app.on("issues.edited", async (context) => {
    const { issue, repository, sender, installation } = context.payload;
    if (!installation) return;
    const repo = { owner: repository.owner.login, name: repository.name };
    const services = commandServices(context.octokit, installation.id, repo, shared);
    const outcome = await lock(`${repo.owner}/${repo.name}`, () =>
      handleDashboardEdit(
        {
          issueNumber: issue.number,
          labels: (issue.labels ?? []).map((l) => l.name),
          before: context.payload.changes.body?.from ?? null,
          after: issue.body ?? "",
          editor: { login: sender.login, type: sender.type },
        },
        services,
      ),
    );
    if (outcome.actions.length > 0)
      eventLog(context).info({ ...outcome, issue: issue.number }, "dashboard edit handled");
  });

  app.on(
    ["pull_request.opened", "pull_request.closed", "pull_request.reopened"],
    async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      if (!installation || !parseMarker(pr.body)) return;
      const repo = { owner: repository.owner.login, name: repository.name };
      const synced = await refresh(context.octokit, installation.id, repo);
      eventLog(context).debug({ synced: synced.kind }, "dashboard refreshed");
    },
  );

  // A hold label put on by hand (not `/hold`) also stops auto-merge.
  app.on(["pull_request.labeled", "pull_request.unlabeled"], async (context) => {
    const { pull_request: pr, repository, installation, sender } = context.payload;
    if (!installation || context.payload.label?.name !== HOLD_LABEL || isBot(sender)) return;
    if (!parseMarker(pr.body)) return;
    const repo = { owner: repository.owner.login, name: repository.name };
    if (context.payload.action === "labeled" && pr.auto_merge)
      await new GitHubConversation(context.octokit).disableAutoMerge(pr.node_id);
    await refresh(context.octokit, installation.id, repo);
  });

  app.on("push", async (context) => {
    const { ref, repository, installation, commits } = context.payload;
    if (!installation || ref !== `refs/heads/${repository.default_branch}`) return;
    const touched = commits.some((c) =>
      [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(CONFIG_PATH),
    );
    if (!touched) return;
    const owner = repository.owner?.login ?? repository.owner?.name ?? "";
    await refresh(context.octokit, installation.id, { owner, name: repository.name });
  });
}
