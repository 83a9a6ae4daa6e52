import type { CommandName } from "../../core/commands/catalog.js";
import type { CommentRequest } from "../../core/commands/comment-event.js";
import { renderHelp } from "../../core/commands/help.js";
import type { CommentItem } from "../../core/commands/parse.js";
import { parseComment } from "../../core/commands/parse.js";
import { needsPermission } from "../../core/commands/permissions.js";
import type { CommandContext } from "../../core/commands/permissions.js";
import { planComment } from "../../core/commands/plan.js";
import { findDashboard } from "../dashboard.js";
import type { CommandServices, CommentOutcome } from "./handle-comment.js";
import { MAX_RECHECKS, recheckTargets, targetsOf } from "./recheck.js";
import type { CommandEnv } from "./types.js";

/** What the dashboard issue takes; the other commands are about a pull request. */
const ON_DASHBOARD: ReadonlySet<CommandName> = new Set(["recheck", "help"]);

const nameOf = (item: CommentItem): string =>
  item.kind === "command" ? item.command.name : item.name;

/**
 * A comment on the dashboard issue: `/recheck` plans every blocked version again (as checking all
 * their boxes would), `/help` lists the commands. Same permission rules and reactions as on pull
 * requests; the answer lists what became of each blocked version.
 */
export async function handleDashboardComment(
  request: CommentRequest,
  services: CommandServices,
): Promise<CommentOutcome> {
  const outcome: CommentOutcome = {
    skipped: null,
    ran: [],
    refused: [],
    reaction: null,
    replied: false,
    errors: [],
  };
  const parsed = parseComment(request.body);
  const items = parsed.items.filter(
    (i) => i.kind === "unknown" || ON_DASHBOARD.has(nameOf(i) as CommandName),
  );
  if (items.length === 0) return { ...outcome, skipped: "no-commands" };
  const { repo, conversation } = services;
  const config = await services.dashboard.config(repo);
  if (!config.config.dashboard.enabled) return { ...outcome, skipped: "nothing-for-bumpwarden" };
  const base: Omit<CommandContext, "actor"> = {
    appPullRequest: false,
    pullRequestAuthor: null,
    allowList: config.config.commands.allow,
  };
  const asks = items.some(
    (i) =>
      i.kind !== "unknown" &&
      needsPermission(i.kind === "command" ? i.command.name : i.name, {
        ...base,
        actor: request.author,
      }),
  );
  const permission = asks ? await conversation.permission(repo, request.author.login) : null;
  const plan = planComment(
    { ...parsed, items },
    { ...base, actor: { ...request.author, permission } },
  );
  if (plan.reaction === null) return { ...outcome, skipped: "nothing-for-bumpwarden" };

  await conversation.react(repo, request.commentId, "eyes");
  const env: CommandEnv = { ...services, config };
  outcome.refused = plan.refused;
  const messages: string[] = plan.reply ? [plan.reply] : [];
  for (const { command } of plan.run) {
    try {
      if (command.name === "help")
        messages.push(renderHelp({ appPullRequest: false, topic: command.topic }));
      else messages.push(await recheckAll(env));
      outcome.ran.push({ name: command.name, ok: true });
    } catch (error) {
      outcome.ran.push({ name: command.name, ok: false });
      outcome.errors.push({ command: command.name, error });
      messages.push(
        `\`/${command.name}\` failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  outcome.reaction = plan.reaction === "+1" && outcome.ran.every((r) => r.ok) ? "+1" : "confused";
  await conversation.react(repo, request.commentId, outcome.reaction);
  if (messages.length > 0) {
    await conversation.comment(repo, request.number, messages.join("\n\n"));
    outcome.replied = true;
  }
  return outcome;
}

async function recheckAll(env: CommandEnv): Promise<string> {
  const blocked = (await findDashboard(env.dashboard.issues, env.repo))?.parsed.state.blocked ?? [];
  if (blocked.length === 0) return "Nothing is blocked, so there is nothing to check again.";
  const lines = await recheckTargets(targetsOf(blocked.slice(0, MAX_RECHECKS)), env);
  const more =
    blocked.length > MAX_RECHECKS
      ? [`…and ${blocked.length - MAX_RECHECKS} more, left for the next reconcile.`]
      : [];
  return ["Checked again:", ...lines.map((l) => `- ${l}`), ...more].join("\n");
}
