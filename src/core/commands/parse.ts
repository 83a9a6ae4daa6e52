import { parseArgs, usageOf } from "./args.js";
import type { Command, CommandName } from "./catalog.js";
import { COMMAND_NAMES, isCommandName } from "./catalog.js";
import { closest } from "./distance.js";
import { scanComment } from "./markdown.js";

export type CommentItem =
  | { kind: "command"; line: number; raw: string; command: Command }
  /** A known command with arguments it does not take: answer with the usage. */
  | {
      kind: "invalid";
      line: number;
      raw: string;
      name: CommandName;
      message: string;
      usage: string;
    }
  /** `/something` bumpwarden does not know; `suggestion` when it looks like a typo of one it does. */
  | { kind: "unknown"; line: number; raw: string; name: string; suggestion: CommandName | null };

export interface ParsedComment {
  /** In comment order; identical commands appear once. */
  items: CommentItem[];
  /** Nothing but command lines, blank lines and HTML comments: safe to answer an unknown one. */
  onlyCommands: boolean;
  /** More command lines than `maxCommands`; the rest were not read. */
  truncated: boolean;
}

export const MAX_COMMANDS = 10;

/**
 * A command is `/name args` alone on a line of paragraph text: leading spaces or tabs allowed,
 * nothing else before the slash. Only ASCII counts (`／rebase`, a Cyrillic `е`, a zero-width
 * space or a no-break space make the line prose). Names are case-insensitive.
 */
const COMMAND_LINE = /^[ \t]*\/([A-Za-z][A-Za-z0-9_-]{0,31})(?:[ \t]+(.*))?$/;

export function parseComment(body: string, options: { maxCommands?: number } = {}): ParsedComment {
  const max = options.maxCommands ?? MAX_COMMANDS;
  const items: CommentItem[] = [];
  const seen = new Set<string>();
  let onlyCommands = true;
  let truncated = false;
  for (const line of scanComment(body)) {
    if (line.kind === "blank" || line.kind === "hidden") continue;
    const m = line.kind === "text" ? COMMAND_LINE.exec(line.text) : null;
    if (!m?.[1]) {
      if (line.kind !== "text" || line.text.trim() !== "") onlyCommands = false;
      continue;
    }
    if (truncated) continue;
    const item = toItem(
      line.number,
      line.text.trim(),
      m[1].toLowerCase(),
      trimBlanksEnd(m[2] ?? ""),
    );
    const key = item.kind === "command" ? JSON.stringify(item.command) : `${item.kind}:${item.raw}`;
    if (seen.has(key)) continue;
    if (items.length >= max) {
      truncated = true;
      continue;
    }
    seen.add(key);
    items.push(item);
  }
  return { items, onlyCommands, truncated };
}

function toItem(line: number, raw: string, name: string, argText: string): CommentItem {
  if (!isCommandName(name))
    return { kind: "unknown", line, raw, name, suggestion: suggestCommand(name) };
  const args = argText === "" ? [] : argText.split(/[ \t]+/);
  const parsed = parseArgs(name, args);
  if (parsed.ok) return { kind: "command", line, raw, command: parsed.value };
  return { kind: "invalid", line, raw, name, message: parsed.error, usage: usageOf(name) };
}

/** The known command an unknown name is probably a typo of. */
export function suggestCommand(name: string): CommandName | null {
  const near = closest(name, COMMAND_NAMES);
  return near !== null && isCommandName(near) ? near : null;
}

/** Drops trailing spaces and tabs (a `/[ \t]+$/` replace is quadratic on long runs of blanks). */
function trimBlanksEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return text.slice(0, end);
}
