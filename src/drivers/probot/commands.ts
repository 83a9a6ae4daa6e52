import type { Probot } from "probot";
import { handleComment } from "../../app/commands/handle-comment.js";
import { skipReason, toCommentRequest } from "../../core/commands/comment-event.js";
import { eventLog } from "../ops/log-fields.js";
import type { ControlsDeps } from "./controls.js";
import { commandServices, repoLock, withIndex } from "./controls.js";

/**
 * Slash commands in pull-request comments (docs/commands.md). Only `issue_comment.created` is
 * listened to: an edited comment never runs its commands again.
 */
export function registerCommands(app: Probot, deps: ControlsDeps = {}): void {
  const shared = withIndex(deps);
  const lock = deps.lock ?? repoLock;
  app.on("issue_comment.created", async (context) => {
    const log = eventLog(context);
    const request = toCommentRequest(context.payload);
    if (!request.ok) {
      log.warn({ problem: request.error }, "issue comment not understood");
      return;
    }
    const comment = request.value;
    if (skipReason(comment) || comment.installationId === null) return;
    const repo = { owner: comment.owner, name: comment.repo };
    const client = context.octokit;
    const installationId = comment.installationId;
    const outcome = await lock(`${repo.owner}/${repo.name}`, () =>
      handleComment(comment, commandServices(client, installationId, repo, shared)),
    );
    const child = log.child({ pr: comment.number });
    for (const { command, error } of outcome.errors)
      child.error({ command, err: error }, "slash command failed");
    if (outcome.skipped === null)
      child.info(
        {
          ran: outcome.ran,
          refused: outcome.refused,
          reaction: outcome.reaction,
          replied: outcome.replied,
        },
        "slash commands handled",
      );
  });
}
