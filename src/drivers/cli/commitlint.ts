import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkMessage, cleanupMessage, commitPolicy } from "../../core/commits/index.js";
import type { RuleProblem } from "../../core/commits/index.js";
import type { Config } from "../../core/config/schema.js";
import { defaultConfig, parseConfig } from "../../core/config/load.js";
import type { CliCommand, CliIO } from "./io.js";
import { EXIT, usageErrorFor } from "./io.js";

const help = `Usage: bumpwarden commitlint [--title] [--config <file>] [--json] <message | file>

Checks one commit message against Conventional Commits, with @commitlint/config-conventional and
the commits: section of .github/bumpwarden.yml (types, scopes, rules): the same check the app runs
on pull requests. Prints the problems and a corrected header when one can be derived.

When the argument names a file (git passes .git/COMMIT_EDITMSG to a commit-msg hook), the message
is read from it and cleaned up as git does: comment lines and the diff of "git commit -v" go.

Options:
  --title             Check a pull request title (one line).
  --config <file>     bumpwarden config (default: .github/bumpwarden.yml when present).
  --comment-char <c>  Comment character of a message file (default "#", git's core.commentChar).
  --json              Print {valid, header, problems: [{rule, severity, message}], suggestion}.

Exit codes: 0 the message follows Conventional Commits (warnings allowed), 1 it does not,
2 bad usage or input (no message, unreadable file, invalid config).

As a commit-msg hook (.git/hooks/commit-msg, or .husky/commit-msg):
  npx --no-install bumpwarden commitlint "$1"

Examples:
  bumpwarden commitlint "feat(api): add pagination"
  bumpwarden commitlint --title "Bump lodash from 4.17.20 to 4.17.21"
  bumpwarden commitlint .git/COMMIT_EDITMSG
`;

const options = {
  title: { type: "boolean" },
  config: { type: "string" },
  "comment-char": { type: "string" },
  json: { type: "boolean" },
} as const;

const usageError = usageErrorFor("commitlint");

async function run(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (e) {
    return usageError(io, `${e instanceof Error ? e.message : String(e)}\n${help}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    return usageError(
      io,
      positionals.length === 0 ? "give the message to check" : 'quote the message: "feat: add x"',
    );
  const commentChar = values["comment-char"] ?? "#";
  if (commentChar.length !== 1) return usageError(io, "--comment-char takes one character");

  const message = await readMessage(positionals[0] ?? "", commentChar, io);
  if (!message.ok) return usageError(io, message.error);
  if (message.text.trim() === "") return usageError(io, "the message is empty");
  if (values.title && /[\r\n]/.test(message.text))
    return usageError(io, "a title is a single line");

  const config = await readConfig(values.config, io);
  if (!config.ok) {
    io.stderr.write(config.error);
    return EXIT.usage;
  }
  const result = await checkMessage(message.text, commitPolicy(config.value));
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(human(result, values.title ?? false));
  return result.valid ? EXIT.ok : EXIT.failed;
}

type Read = { ok: true; text: string } | { ok: false; error: string };

/** A path to an existing file is read (a commit-msg hook's argument); anything else is the message. */
async function readMessage(arg: string, commentChar: string, io: CliIO): Promise<Read> {
  if (/[\r\n]/.test(arg) || arg === "") return { ok: true, text: arg };
  const path = resolve(io.cwd, arg);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return { ok: true, text: arg };
  try {
    return { ok: true, text: cleanupMessage(await readFile(path, "utf8"), { commentChar }) };
  } catch (e) {
    return {
      ok: false,
      error: `cannot read ${arg}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

async function readConfig(
  file: string | undefined,
  io: CliIO,
): Promise<{ ok: true; value: Config } | { ok: false; error: string }> {
  const name = file ?? ".github/bumpwarden.yml";
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, name), "utf8");
  } catch (e) {
    if (file === undefined && (e as NodeJS.ErrnoException).code === "ENOENT")
      return { ok: true, value: defaultConfig() };
    return {
      ok: false,
      error: `bumpwarden commitlint: cannot read ${name}: ${(e as Error).message}\n`,
    };
  }
  const parsed = parseConfig(text);
  if (!parsed.ok)
    return {
      ok: false,
      error: parsed.error
        .map((p) => `${name}${p.line ? `:${p.line}` : ""}: ${p.path || "config"}: ${p.message}\n`)
        .join(""),
    };
  if (parsed.value._extends !== undefined)
    io.stderr.write(
      `bumpwarden commitlint: ${name}: _extends is not followed locally; using this file alone\n`,
    );
  return { ok: true, value: parsed.value };
}

function human(
  result: { valid: boolean; header: string; problems: RuleProblem[]; suggestion: string | null },
  title: boolean,
): string {
  if (result.problems.length === 0) return "";
  const lines = [`${title ? "title" : "header"}: ${result.header}`];
  for (const p of result.problems)
    lines.push(`  ${p.severity === "error" ? "✖" : "⚠"} ${p.message} [${p.rule}]`);
  if (result.suggestion)
    lines.push(`  suggested ${title ? "title" : "header"}: ${result.suggestion}`);
  const errors = result.problems.filter((p) => p.severity === "error").length;
  const warnings = result.problems.length - errors;
  lines.push(
    `${result.valid ? "⚠" : "✖"} ${errors} ${errors === 1 ? "problem" : "problems"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}`,
    "",
  );
  return lines.join("\n");
}

const command: CliCommand = {
  summary: "Check a commit message or PR title against Conventional Commits (commit-msg hook)",
  help,
  run,
};
export default command;
