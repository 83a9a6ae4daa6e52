import type { Covered } from "./inline.js";
import { inlineCoverage } from "./inline.js";

/**
 * Which lines of a GitHub comment are plain paragraph text, following CommonMark's block and
 * inline rules closely enough that a line rendered as code, as a quote or not at all (an HTML
 * comment) is never taken for a command. Single pass over the lines, linear in the input.
 */

/** `text`: paragraph text; `hidden`: inside an HTML comment; `code`/`quote`/`html`: visible, not text. */
export type LineKind = "text" | "blank" | "hidden" | "code" | "quote" | "html";

export interface ScannedLine {
  /** 1-based. */
  number: number;
  kind: LineKind;
  /** The line, with inline HTML comments removed for `text` lines. */
  text: string;
}

interface Fence {
  char: string;
  length: number;
}

export function scanComment(body: string): ScannedLine[] {
  const lines = body.split(/\r\n|\r|\n/);
  const out: ScannedLine[] = [];
  const groups: number[][] = []; // indexes of `text` lines forming one paragraph
  let fence: Fence | null = null;
  let quoteFence: Fence | null = null;
  let html: { end: string; hidden: boolean } | null = null;
  let paragraph = false;
  let lazy = false;

  lines.forEach((raw, index) => {
    const push = (kind: LineKind) => out.push({ number: index + 1, kind, text: raw });
    if (html) {
      push(html.hidden ? "hidden" : "html");
      if (raw.toLowerCase().includes(html.end)) html = null;
      return;
    }
    if (fence) {
      push("code");
      if (closesFence(raw, fence)) fence = null;
      return;
    }
    if (isBlank(raw)) {
      push("blank");
      paragraph = lazy = false;
      quoteFence = null;
      return;
    }
    const { indent, rest } = leading(raw);
    if (indent <= 3 && rest.startsWith(">")) {
      push("quote");
      const inner = quoteContent(rest);
      if (quoteFence) {
        if (closesFence(inner, quoteFence)) quoteFence = null;
        lazy = false;
      } else {
        quoteFence = opensFence(inner);
        const innerLead = leading(inner);
        lazy =
          !quoteFence && !isBlank(inner) && innerLead.indent < 4 && !isBlockLine(innerLead.rest);
      }
      paragraph = false;
      return;
    }
    if (lazy && !interruptsParagraph(indent, rest)) {
      push("quote");
      return;
    }
    lazy = false;
    quoteFence = null;
    if (indent >= 4 && !paragraph) {
      push("code");
      return;
    }
    if (indent <= 3) {
      const opened = opensFence(rest);
      if (opened) {
        fence = opened;
        paragraph = false;
        push("code");
        return;
      }
      const block = htmlBlockStart(rest);
      if (block) {
        paragraph = false;
        push(block.hidden ? "hidden" : "html");
        if (!rest.toLowerCase().includes(block.end, block.from)) html = block;
        return;
      }
    }
    if (!paragraph) groups.push([]);
    groups[groups.length - 1]?.push(out.length);
    push("text");
    paragraph = !(indent <= 3 && isBlockLine(rest));
  });

  for (const group of groups) applyInline(out, group);
  return out;
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Indentation in columns (tabs to the next multiple of 4) and the text after it. */
function leading(line: string): { indent: number; rest: string } {
  let col = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === " ") col += 1;
    else if (c === "\t") col += 4 - (col % 4);
    else break;
  }
  return { indent: col, rest: line.slice(i) };
}

/** The text inside `>` markers, nested ones included (`> > text`). Index-based: linear. */
function quoteContent(rest: string): string {
  let i = 0;
  for (;;) {
    if (rest[i] !== ">") return rest.slice(i);
    i++;
    if (rest[i] === " " || rest[i] === "\t") i++;
    let j = i;
    while (j - i < 3 && rest[j] === " ") j++;
    if (rest[j] === ">") i = j;
    else return rest.slice(i);
  }
}

function opensFence(rest: string): Fence | null {
  const m = /^(`{3,}|~{3,})(.*)$/.exec(rest);
  if (!m?.[1]) return null;
  const char = m[1].charAt(0);
  if (char === "`" && (m[2] ?? "").includes("`")) return null;
  return { char, length: m[1].length };
}

function closesFence(line: string, fence: Fence): boolean {
  const { indent, rest } = leading(line);
  if (indent > 3) return false;
  let n = 0;
  while (rest[n] === fence.char) n++;
  return n >= fence.length && isBlank(rest.slice(n));
}

/** Headings and thematic breaks: single-line blocks a paragraph cannot continue. */
function isBlockLine(rest: string): boolean {
  return /^#{1,6}([ \t]|$)/.test(rest) || /^([-*_])[ \t]*(\1[ \t]*){2,}$/.test(rest);
}

function interruptsParagraph(indent: number, rest: string): boolean {
  if (indent > 3) return false;
  return (
    opensFence(rest) !== null ||
    isBlockLine(rest) ||
    htmlBlockStart(rest) !== null ||
    /^[-*+][ \t]+\S/.test(rest) ||
    /^1[.)][ \t]+\S/.test(rest)
  );
}

/** CommonMark HTML blocks of kinds 1 and 2 (`<pre>`…, `<!--`), which hide or keep text raw. */
function htmlBlockStart(rest: string): { end: string; hidden: boolean; from: number } | null {
  if (rest.startsWith("<!--")) return { end: "-->", hidden: true, from: 4 };
  const m = /^<(script|pre|style|textarea)(?=[ \t>]|$)/i.exec(rest);
  return m?.[1] ? { end: `</${m[1].toLowerCase()}>`, hidden: false, from: m[0].length } : null;
}

/** Marks paragraph lines that begin inside a code span or an inline HTML comment. */
function applyInline(out: ScannedLine[], group: number[]): void {
  const starts: number[] = [];
  let text = "";
  for (const i of group) {
    starts.push(text.length);
    text += `${out[i]?.text ?? ""}\n`;
  }
  const covered = inlineCoverage(text);
  let c = 0;
  group.forEach((i, k) => {
    const line = out[i];
    const start = starts[k] ?? 0;
    if (!line) return;
    const first = start + (line.text.length - line.text.trimStart().length);
    while (c < covered.length && (covered[c]?.end ?? 0) <= first) c++;
    const span = covered[c];
    if (span && span.start <= first) {
      line.kind = span.kind;
      return;
    }
    line.text = removeComments(line.text, start, covered, c);
  });
}

function removeComments(line: string, offset: number, covered: Covered[], from: number): string {
  let result = "";
  let pos = 0;
  for (let c = from; c < covered.length; c++) {
    const span = covered[c];
    if (!span || span.start >= offset + line.length) break;
    if (span.kind !== "hidden") continue;
    result += line.slice(pos, span.start - offset);
    pos = Math.min(line.length, span.end - offset);
  }
  return result + line.slice(pos);
}
