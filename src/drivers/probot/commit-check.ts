import type { Probot } from "probot";
import { COMMIT_CHECK_NAME } from "../../core/commits/check.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { deliveryFields, enqueueEventJob } from "./enqueue.js";

/**
 * `bumpwarden/conventional-commits` on every pull request: when it is opened, pushed to,
 * reopened, or its title is edited (the title is what a squash merge lands), and on "Re-run".
 * The handler only enqueues; the worker checks and reports.
 */
export function registerCommitCheck(app: Probot, queue: Queue<IngestJobData>): void {
  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.edited",
    ],
    async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      if (context.payload.action === "edited" && !context.payload.changes.title) return;
      if (pr.state !== "open" || !installation) return;
      await enqueueEventJob(context, queue, {
        name: "commit-check",
        data: {
          ...deliveryFields(context, repository, installation),
          number: pr.number,
          headSha: pr.head.sha,
          pullRequest: {
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
          },
        },
      });
    },
  );

  app.on("check_run.rerequested", async (context) => {
    const { check_run: run, repository, installation } = context.payload;
    const ref = run.pull_requests[0];
    if (run.name !== COMMIT_CHECK_NAME || !ref || !installation) return;
    await enqueueEventJob(context, queue, {
      name: "commit-check",
      data: {
        ...deliveryFields(context, repository, installation),
        number: ref.number,
        headSha: run.head_sha,
      },
    });
  });
}
