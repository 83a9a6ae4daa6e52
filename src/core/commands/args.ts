import type { Result } from "../result.js";
import { err, ok } from "../result.js";
import type { Command, CommandName, IgnoreTarget } from "./catalog.js";
import { COMMANDS, COMMAND_NAMES, isCommandName } from "./catalog.js";
import { closest } from "./distance.js";

const IGNORE_TARGETS: Record<string, IgnoreTarget> = {
  version: "version",
  major: "major",
  minor: "minor",
  patch: "patch",
  image: "image",
  dependency: "image",
};

/** Same rules as environment names in the config schema. */
const ENVIRONMENT = /^[a-z0-9][a-z0-9-]{0,30}$/;
/** An image tag (OCI distribution grammar), possibly written with a leading `v`. */
const TAG = /^[\w][\w.-]{0,127}$/;

/** Parses a command's arguments (already split on spaces and tabs); the error is one sentence. */
export function parseArgs(name: CommandName, args: string[]): Result<Command, string> {
  switch (name) {
    case "rebase":
    case "recreate":
    case "hold":
    case "unhold":
    case "merge":
    case "lint":
    case "recheck":
      return args.length === 0 ? ok({ name }) : err(`\`/${name}\` takes no arguments.`);
    case "ignore":
      return ignoreArgs(args);
    case "unignore":
      if (args.length === 0) return ok({ name, version: null });
      if (args.length === 1 && TAG.test(args[0] ?? "")) return ok({ name, version: args[0] ?? "" });
      return err("`/unignore` takes at most one version, written as a tag (`/unignore 1.8.0`).");
    case "promote": {
      if (args.length === 0)
        return err("`/promote` needs the environment to promote to (`/promote prod`).");
      const environment = (args[0] ?? "").toLowerCase();
      if (args.length > 1 || !ENVIRONMENT.test(environment))
        return err("`/promote` takes one environment name: lower-case letters, digits and `-`.");
      return ok({ name, environment });
    }
    case "help":
      return helpArgs(args);
  }
}

function ignoreArgs(args: string[]): Result<Command, string> {
  const words = args.map((a) => a.toLowerCase());
  if (words[0] === "this") words.shift();
  if (args.length === 0) return ok({ name: "ignore", target: "version" });
  const target = words.length === 1 ? IGNORE_TARGETS[words[0] ?? ""] : undefined;
  if (target) return ok({ name: "ignore", target });
  return err(
    "`/ignore` takes `this version`, `this major`, `this minor`, `this patch` or `this image`.",
  );
}

function helpArgs(args: string[]): Result<Command, string> {
  if (args.length === 0) return ok({ name: "help", topic: null });
  const topic = (args[0] ?? "").replace(/^\//, "").toLowerCase();
  if (args.length === 1 && isCommandName(topic)) return ok({ name: "help", topic });
  const near = closest(topic, COMMAND_NAMES);
  const hint = near ? ` Did you mean \`/help ${near}\`?` : "";
  return err(`\`/help\` takes one command name.${hint}`);
}

export function usageOf(name: CommandName): string {
  return COMMANDS[name].usage;
}
