import type { CommandName, CommandSpec } from "./catalog.js";
import { COMMANDS, COMMAND_NAMES } from "./catalog.js";

const WHO: Record<CommandSpec["audience"], string> = {
  anyone: "anyone",
  "author-or-writer": "the PR author and people with write access",
  writer: "people with write access",
};

/** The `/help` answer: the commands that apply on this PR, or one command in detail. */
export function renderHelp(options: {
  appPullRequest: boolean;
  topic?: CommandName | null;
}): string {
  if (options.topic) return renderTopic(COMMANDS[options.topic]);
  const specs = COMMAND_NAMES.map((n) => COMMANDS[n]).filter(
    (s) => options.appPullRequest || s.scope === "any",
  );
  const rows = specs.map(
    (s) => `| \`${cell(s.usage)}\` | ${cell(s.summary)} | ${WHO[s.audience]} |`,
  );
  const lines = [
    "Comment with one of these on a line of its own (several per comment are fine):",
    "",
    "| Command | What it does | Who |",
    "| --- | --- | --- |",
    ...rows,
  ];
  if (!options.appPullRequest)
    lines.push(
      "",
      "On pull requests that bumpwarden opens, `/rebase`, `/recreate`, `/ignore`, `/unignore`, `/hold`, `/unhold`, `/promote` and `/merge` work too.",
    );
  lines.push("", "Commands inside code blocks, quotes and HTML comments are ignored.");
  return lines.join("\n");
}

function renderTopic(spec: CommandSpec): string {
  const where = spec.scope === "app" ? "on pull requests bumpwarden opens" : "on any pull request";
  return [
    `\`${spec.usage}\``,
    "",
    spec.summary,
    "",
    `Works ${where}; ${WHO[spec.audience]} can run it.`,
  ].join("\n");
}

/** GitHub tables need `|` escaped, even inside code spans. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
