import type { Command, CommandName } from "./catalog.js";
import { COMMANDS } from "./catalog.js";
import type { ParsedComment } from "./parse.js";
import type { CommandContext } from "./permissions.js";
import { decide, isBot, refusalReply } from "./permissions.js";

/** What to do with one comment: the commands to run, the reaction, and the answer if any. */
export interface CommentPlan {
  run: { line: number; command: Command }[];
  refused: CommandName[];
  /**
   * `eyes` first, then `+1` once the commands ran, or `confused` right away when something
   * was wrong. Null when the comment holds nothing for bumpwarden: no reaction at all.
   */
  reaction: "+1" | "confused" | null;
  /** A short answer (usage, "did you mean", refusal); null when there is nothing to say. */
  reply: string | null;
}

export function planComment(parsed: ParsedComment, ctx: CommandContext): CommentPlan {
  const empty: CommentPlan = { run: [], refused: [], reaction: null, reply: null };
  if (isBot(ctx.actor)) return empty;
  const run: CommentPlan["run"] = [];
  const refused: CommandName[] = [];
  const notes: string[] = [];
  for (const item of parsed.items) {
    if (item.kind === "unknown") {
      const s = item.suggestion;
      if (parsed.onlyCommands && s && (COMMANDS[s].scope === "any" || ctx.appPullRequest))
        notes.push(`I don't know \`/${item.name}\`. Did you mean \`/${s}\`?`);
      continue;
    }
    const name = item.kind === "command" ? item.command.name : item.name;
    const decision = decide(name, ctx);
    if (decision.kind === "ignore") continue;
    if (item.kind === "invalid") {
      notes.push(`${item.message} Usage: \`${item.usage}\``);
      continue;
    }
    if (decision.kind === "refuse") refused.push(name);
    else run.push({ line: item.line, command: item.command });
  }
  if (parsed.truncated && (run.length > 0 || refused.length > 0))
    notes.push(
      `I read the first ${parsed.items.length} commands of this comment and left the rest.`,
    );
  if (refused.length > 0) notes.push(refusalReply(ctx.actor.login, refused));
  if (run.length === 0 && refused.length === 0 && notes.length === 0) return empty;
  return {
    run,
    refused,
    reaction: notes.length > 0 ? "confused" : "+1",
    reply: notes.length > 0 ? notes.join("\n\n") : null,
  };
}
