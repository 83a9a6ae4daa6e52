/**
 * The slash commands bumpwarden understands, as data: what each does, where it applies and who
 * may run it. `permissions.ts` decides from this table; `help.ts` renders it.
 */

export const COMMAND_NAMES = [
  "rebase",
  "recreate",
  "ignore",
  "unignore",
  "hold",
  "unhold",
  "promote",
  "merge",
  "lint",
  "recheck",
  "help",
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export type IgnoreTarget = "version" | "major" | "minor" | "patch" | "image";

/** A parsed command with its typed arguments. */
export type Command =
  | { name: "rebase" | "recreate" | "hold" | "unhold" | "merge" | "lint" | "recheck" }
  | { name: "ignore"; target: IgnoreTarget }
  | { name: "unignore"; version: string | null }
  | { name: "promote"; environment: string }
  | { name: "help"; topic: CommandName | null };

/**
 * Who may run a command:
 * - `anyone`: any user (bots are always ignored);
 * - `author-or-writer`: the PR's author, users with write access, or the config allow-list;
 * - `writer`: users with write access (admin, maintain, write) or the config allow-list.
 */
export type Audience = "anyone" | "author-or-writer" | "writer";

export interface CommandSpec {
  name: CommandName;
  usage: string;
  summary: string;
  /** Changes the PR, its branch, its labels or what the app will propose. */
  changesState: boolean;
  /** `app`: only on bumpwarden's own PRs (elsewhere the command is left to other bots). */
  scope: "app" | "any";
  audience: Audience;
}

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  rebase: spec(
    "rebase",
    "/rebase",
    "Recreate the bump commit on the current base branch.",
    true,
    "app",
    "writer",
  ),
  recreate: spec(
    "recreate",
    "/recreate",
    "Rebuild the branch from scratch, dropping any commits added to it.",
    true,
    "app",
    "writer",
  ),
  ignore: spec(
    "ignore",
    "/ignore [this] version|major|minor|patch|image",
    "Stop proposing this version, this major/minor/patch line, or this image here; `/ignore` alone ignores this version.",
    true,
    "app",
    "writer",
  ),
  unignore: spec(
    "unignore",
    "/unignore [version]",
    "Propose again a version (or everything) ignored for this image and environment.",
    true,
    "app",
    "writer",
  ),
  hold: spec(
    "hold",
    "/hold",
    "Label the PR as held: it is neither updated nor auto-merged until `/unhold`.",
    true,
    "app",
    "writer",
  ),
  unhold: spec("unhold", "/unhold", "Release a held PR.", true, "app", "writer"),
  promote: spec(
    "promote",
    "/promote <environment>",
    "Open the same bump for the next environment now.",
    true,
    "app",
    "writer",
  ),
  merge: spec(
    "merge",
    "/merge",
    "Enable auto-merge on this PR when the configuration allows it.",
    true,
    "app",
    "writer",
  ),
  lint: spec(
    "lint",
    "/lint",
    "Run the manifest review on this PR again.",
    false,
    "any",
    "author-or-writer",
  ),
  recheck: spec(
    "recheck",
    "/recheck",
    "Run the Conventional Commits check and the review again; on a bump PR or the dashboard issue, check blocked versions again.",
    false,
    "any",
    "author-or-writer",
  ),
  help: spec(
    "help",
    "/help [command]",
    "List the commands, or explain one.",
    false,
    "any",
    "anyone",
  ),
};

function spec(
  name: CommandName,
  usage: string,
  summary: string,
  changesState: boolean,
  scope: "app" | "any",
  audience: Audience,
): CommandSpec {
  return { name, usage, summary, changesState, scope, audience };
}

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
