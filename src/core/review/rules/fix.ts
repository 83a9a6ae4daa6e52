import type { LineIndex } from "../../yaml/index.js";
import type { Fix } from "../finding.js";

/** The text of a 1-based line, without its line break. */
export function lineText(text: string, lines: LineIndex, line: number): string {
  const start = lines.startOf(line);
  const end = line < lines.lineCount ? lines.startOf(line + 1) : text.length;
  return text.slice(start, end).replace(/\r?\n$/, "");
}

/** A fix that replaces text[start, end) (on one line) by `replacement`. */
export function replaceRange(
  text: string,
  lines: LineIndex,
  start: number,
  end: number,
  replacement: string,
): Fix {
  const line = lines.lineOf(start);
  const lineStart = lines.startOf(line);
  const current = lineText(text, lines, line);
  return {
    line,
    endLine: line,
    text: current.slice(0, start - lineStart) + replacement + current.slice(end - lineStart),
  };
}
