import type { Probot } from "probot";
import { CONFIG_CHECK_NAME } from "../../core/config/check-name.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { deliveryFields, enqueueEventJob } from "./enqueue.js";

export { CONFIG_CHECK_NAME };

/**
 * `bumpwarden/config` on a pull request that changes `.github/bumpwarden.yml`, when it is opened,
 * pushed to or reopened, and on "Re-run" of the check. The handler only enqueues; the worker looks
 * at the PR's files and reports (src/drivers/worker/config-check.ts).
 */
export function registerConfigCheck(app: Probot, queue: Queue<IngestJobData>): void {
  app.on(
    ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
    async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      if (!installation) return;
      await enqueueEventJob(context, queue, {
        name: "config-check",
        data: {
          ...deliveryFields(context, repository, installation),
          number: pr.number,
          headSha: pr.head.sha,
        },
      });
    },
  );

  // "Re-run" on the check run in GitHub's UI.
  app.on("check_run.rerequested", async (context) => {
    const { check_run: run, repository, installation } = context.payload;
    const pr = run.pull_requests[0];
    if (run.name !== CONFIG_CHECK_NAME || !pr || !installation) return;
    await enqueueEventJob(context, queue, {
      name: "config-check",
      data: {
        ...deliveryFields(context, repository, installation),
        number: pr.number,
        headSha: run.head_sha,
      },
    });
  });
}
