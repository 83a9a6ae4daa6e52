import type { Probot } from "probot";
import { GitHubConversation } from "../../adapters/github/conversation.js";
import { COMMIT_CHECK_NAME } from "../../core/commits/check.js";
import { eventLog } from "../ops/log-fields.js";
import { commitCheckFor } from "./controls.js";

/**
 * `bumpwarden/conventional-commits` on every pull request: when it is opened, pushed to,
 * reopened, or its title is edited (the title is what a squash merge lands), and on "Re-run".
 */
export function registerCommitCheck(app: Probot): void {
  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.edited",
    ],
    async (context) => {
      const { pull_request: pr, repository } = context.payload;
      if (context.payload.action === "edited" && !context.payload.changes.title) return;
      if (pr.state !== "open") return;
      const repo = { owner: repository.owner.login, name: repository.name };
      const check = commitCheckFor(context.octokit, repo);
      const outcome = await check({
        id: pr.node_id,
        number: pr.number,
        title: pr.title,
        body: pr.body ?? "",
        state: "OPEN",
        url: pr.html_url,
        author: pr.user?.login ?? null,
        headRef: pr.head.ref,
        headSha: pr.head.sha,
        baseRef: pr.base.ref,
        labels: pr.labels.map((l) => l.name),
        autoMerge: pr.auto_merge !== null,
        commitCount: pr.commits ?? 0,
      });
      eventLog(context).info({ ...outcome, headSha: pr.head.sha }, "commit check completed");
    },
  );

  app.on("check_run.rerequested", async (context) => {
    const { check_run: run, repository } = context.payload;
    const ref = run.pull_requests[0];
    if (run.name !== COMMIT_CHECK_NAME || !ref) return;
    const client = context.octokit;
    const repo = { owner: repository.owner.login, name: repository.name };
    const pr = await new GitHubConversation(client).pullRequest(repo, ref.number);
    if (!pr || pr.state !== "OPEN") return;
    const outcome = await commitCheckFor(client, repo)(pr);
    eventLog(context)
      .child({ pr: pr.number })
      .info({ ...outcome, headSha: pr.headSha }, "commit check completed");
  });
}
