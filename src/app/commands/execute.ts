import type { Command } from "../../core/commands/catalog.js";
import { promote, rebase, recreate } from "./branch-commands.js";
import { ignore, unignore } from "./ignore-commands.js";
import { help, hold, lint, merge, unhold } from "./pr-commands.js";
import { recheck } from "./recheck.js";
import type { CommandEnv, CommandResult, CommandTarget } from "./types.js";

/** Runs one allowed command. Permission and scope were decided before (core/commands/plan). */
export async function execute(
  command: Command,
  target: CommandTarget,
  env: CommandEnv,
): Promise<CommandResult> {
  switch (command.name) {
    case "rebase":
      return rebase(target, env);
    case "recreate":
      return recreate(target, env);
    case "ignore":
      return ignore(command.target, target, env);
    case "unignore":
      return unignore(command.version, target, env);
    case "hold":
      return hold(target, env);
    case "unhold":
      return unhold(target, env);
    case "promote":
      return promote(command.environment, target, env);
    case "merge":
      return merge(target, env);
    case "lint":
      return lint(target, env);
    case "recheck":
      return recheck(target, env);
    case "help":
      return help(command.topic, target);
  }
}
