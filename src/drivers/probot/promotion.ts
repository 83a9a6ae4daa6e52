import type { Probot } from "probot";
import { parseMarker } from "../../core/pr/marker.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { bumpJob } from "../http/jobs.js";
import { eventLog } from "../ops/log-fields.js";
import { deliveryFields, enqueueEventJob } from "./enqueue.js";

/**
 * Promotion triggers: a bump PR that merged (the next environment may now take its tag), and
 * checks that finished on the default branch (a merged bump PR's checks may have turned green).
 * Each plans the image again in that repository; the planner decides what is ready. Soak times
 * are waited out by the reconcile timer. The handlers only enqueue.
 */
export function registerPromotion(app: Probot, queue: Queue<IngestJobData>): void {
  app.on("pull_request.closed", async (context) => {
    const { pull_request: pr, repository, installation } = context.payload;
    const marker = parseMarker(pr.body);
    if (!pr.merged || !marker?.tag || !installation) return;
    const outcome = await queue.enqueue(
      bumpJob({
        installationId: installation.id,
        repo: repository.full_name,
        repository: marker.image,
        tag: marker.tag,
        digest: marker.digest,
        reason: `promotion: #${pr.number} merged in ${marker.env}`,
        deliveryId: context.id,
      }),
    );
    eventLog(context).info(
      { pr: pr.number, image: marker.image, tag: marker.tag, outcome },
      "bump PR merged: promotion planned",
    );
  });

  // Which merged bump PRs the commit belongs to is a GitHub read: the worker's job.
  app.on("check_suite.completed", async (context) => {
    const { check_suite: suite, repository, installation } = context.payload;
    if (
      !installation ||
      suite.head_branch !== repository.default_branch ||
      suite.conclusion !== "success"
    )
      return;
    await enqueueEventJob(context, queue, {
      name: "promotion-check",
      data: { ...deliveryFields(context, repository, installation), headSha: suite.head_sha },
    });
  });
}
