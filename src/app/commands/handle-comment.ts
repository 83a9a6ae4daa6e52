import { COMMANDS } from "../../core/commands/catalog.js";
import type { CommandName } from "../../core/commands/catalog.js";
import type { CommentRequest, SkipReason } from "../../core/commands/comment-event.js";
import { skipReason } from "../../core/commands/comment-event.js";
import { parseComment } from "../../core/commands/parse.js";
import { needsPermission } from "../../core/commands/permissions.js";
import type { CommandContext } from "../../core/commands/permissions.js";
import { planComment } from "../../core/commands/plan.js";
import { parseMarker } from "../../core/pr/marker.js";
import type { PullRequestDetails } from "../../ports/conversation.js";
import { syncDashboard } from "../dashboard.js";
import type { RepoConfig } from "../repo-config.js";
import { handleDashboardComment } from "./dashboard-comment.js";
import { execute } from "./execute.js";
import type { CommandEnv, CommandTarget } from "./types.js";

/** Everything a comment's commands can reach; the configuration is read per comment. */
export type CommandServices = Omit<CommandEnv, "config">;

export interface CommentOutcome {
  skipped: SkipReason | "no-commands" | "no-pull-request" | "nothing-for-bumpwarden" | null;
  ran: Array<{ name: CommandName; ok: boolean }>;
  refused: CommandName[];
  reaction: "+1" | "confused" | null;
  replied: boolean;
  /** Commands that threw (GitHub errors, bugs): reported in the answer, logged by the driver. */
  errors: Array<{ command: CommandName | "dashboard"; error: unknown }>;
}

const skipped = (reason: CommentOutcome["skipped"]): CommentOutcome => ({
  skipped: reason,
  ran: [],
  refused: [],
  reaction: null,
  replied: false,
  errors: [],
});

/**
 * A new comment on a pull request: parse its commands, decide who may run what (asking GitHub
 * for the author's permission only when a command needs it), react 👀, run the allowed commands
 * in order, react 👍 or 😕, and answer in one comment only when there is something to say.
 * Comments on the dashboard issue go to handleDashboardComment.
 */
export async function handleComment(
  request: CommentRequest,
  services: CommandServices,
): Promise<CommentOutcome> {
  const reason = skipReason(request);
  if (reason) return skipped(reason);
  if (!request.isPullRequest) return handleDashboardComment(request, services);
  const parsed = parseComment(request.body);
  if (parsed.items.length === 0) return skipped("no-commands");
  const { repo, conversation } = services;
  const [pr, config] = await Promise.all([
    conversation.pullRequest(repo, request.number),
    services.dashboard.config(repo),
  ]);
  if (!pr) return skipped("no-pull-request");

  const marker = ownMarker(pr, config);
  const base: Omit<CommandContext, "actor"> = {
    appPullRequest: marker !== undefined,
    pullRequestAuthor: pr.author ?? request.pullRequestAuthor,
    allowList: config.config.commands.allow,
  };
  const asks = parsed.items.some(
    (item) =>
      item.kind !== "unknown" &&
      needsPermission(item.kind === "command" ? item.command.name : item.name, {
        ...base,
        actor: request.author,
      }),
  );
  const permission = asks ? await conversation.permission(repo, request.author.login) : null;
  const plan = planComment(parsed, { ...base, actor: { ...request.author, permission } });
  if (plan.reaction === null) return skipped("nothing-for-bumpwarden");

  await conversation.react(repo, request.commentId, "eyes");
  const env: CommandEnv = { ...services, config };
  const target: CommandTarget = { pr, marker, actor: request.author.login };
  const outcome: CommentOutcome = { ...skipped(null), refused: plan.refused };
  const messages: string[] = plan.reply ? [plan.reply] : [];
  for (const { command } of plan.run) {
    try {
      const result = await execute(command, target, env);
      outcome.ran.push({ name: command.name, ok: result.ok });
      if (result.message) messages.push(result.message);
    } catch (error) {
      outcome.ran.push({ name: command.name, ok: false });
      outcome.errors.push({ command: command.name, error });
      messages.push(`\`/${command.name}\` failed: ${errorText(error)}`);
    }
  }
  const fine = plan.reaction === "+1" && outcome.ran.every((r) => r.ok);
  outcome.reaction = fine ? "+1" : "confused";
  await conversation.react(repo, request.commentId, outcome.reaction);
  if (messages.length > 0) {
    await conversation.comment(repo, request.number, messages.join("\n\n"));
    outcome.replied = true;
  }
  if (marker && outcome.ran.some((r) => COMMANDS[r.name].changesState))
    await syncDashboard(repo, services.dashboard, { config }).catch((error: unknown) => {
      outcome.errors.push({ command: "dashboard", error });
    });
  return outcome;
}

/** The marker of a PR bumpwarden opened: its body carries one and its branch is the app's. */
function ownMarker(pr: PullRequestDetails, config: RepoConfig) {
  const marker = parseMarker(pr.body);
  const prefix = `${config.config.pullRequests.branchPrefix}/`;
  return marker && pr.headRef.startsWith(prefix) ? marker : undefined;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
