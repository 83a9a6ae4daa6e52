import type { Probot } from "probot";
import { CHECK_NAME } from "../../core/review/report/check-run.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { deliveryFields, enqueueEventJob } from "./enqueue.js";

/**
 * `bumpwarden/review`: on a pull request opened, pushed to, reopened or marked ready, and on
 * "Re-run" of the check, a job reviews the head commit (src/drivers/worker/github-jobs.ts). Jobs
 * for one PR run one at a time across replicas; a run whose head moved writes nothing.
 */
export function registerReview(app: Probot, queue: Queue<IngestJobData>): void {
  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.ready_for_review",
    ],
    async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      if (pr.state !== "open" || !installation) return;
      await enqueueEventJob(context, queue, {
        name: "review-pr",
        data: {
          ...deliveryFields(context, repository, installation),
          number: pr.number,
          headSha: pr.head.sha,
        },
      });
    },
  );

  app.on("check_run.rerequested", async (context) => {
    const { check_run: checkRun, repository, installation } = context.payload;
    const pr = checkRun.pull_requests[0];
    if (checkRun.name !== CHECK_NAME || !pr || !installation) return;
    await enqueueEventJob(context, queue, {
      name: "review-pr",
      data: {
        ...deliveryFields(context, repository, installation),
        number: pr.number,
        headSha: checkRun.head_sha,
      },
    });
  });
}
