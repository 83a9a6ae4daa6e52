import type { Probot } from "probot";
import { skipReason, toCommentRequest } from "../../core/commands/comment-event.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { eventLog } from "../ops/log-fields.js";
import { enqueueEventJob } from "./enqueue.js";

/**
 * Slash commands in pull-request comments (docs/commands.md). Only `issue_comment.created` is
 * listened to: an edited comment never runs its commands again. Comments that cannot hold a
 * command are dropped here; the others become a job keyed by the repository, so commands never
 * overlap the bumps and dashboard writes of that repository.
 */
export function registerCommands(app: Probot, queue: Queue<IngestJobData>): void {
  app.on("issue_comment.created", async (context) => {
    const request = toCommentRequest(context.payload);
    if (!request.ok) {
      eventLog(context).warn({ problem: request.error }, "issue comment not understood");
      return;
    }
    const comment = request.value;
    if (skipReason(comment) || comment.installationId === null) return;
    await enqueueEventJob(context, queue, {
      name: "slash-commands",
      data: {
        deliveryId: context.id,
        installationId: comment.installationId,
        owner: comment.owner,
        name: comment.repo,
        comment,
      },
    });
  });
}
