import type { LineIndex, YMap, YNode } from "../../yaml/index.js";
import type { Slot } from "../types.js";

const quoteOf = (node: YNode): '"' | "'" | "" =>
  node.kind === "scalar" && node.style === "double"
    ? '"'
    : node.kind === "scalar" && node.style === "single"
      ? "'"
      : "";

/**
 * Where `newTag` goes in a kustomize `images` entry that has none: right after the entry's last key,
 * on a new line with the same indentation (block style), or as `, newTag: x` (flow style). Keys and
 * values are quoted the way the entry's last pair is. The one edit that inserts bytes.
 */
export function newTagSlot(text: string, lines: LineIndex, entry: YMap): Slot | undefined {
  const last = entry.pairs[entry.pairs.length - 1];
  if (!last) return undefined;
  const end = last.value.end >= 0 && last.value.start >= 0 ? last.value.end : last.key.end;
  if (end < 0) return undefined;
  const keyQuote = quoteOf(last.key);
  const key = `${keyQuote}newTag${keyQuote}: `;
  const yaml = { type: "new-key" as const, quote: quoteOf(last.value) };
  if (entry.flow) return { start: end, end, current: "", before: `, ${key}`, after: "", yaml };
  let lineEnd: number;
  let newline: string;
  if (text[end - 1] === "\n") {
    lineEnd = text[end - 2] === "\r" ? end - 2 : end - 1;
    newline = text.slice(lineEnd, end);
  } else {
    const eol = text.indexOf("\n", end);
    lineEnd = eol === -1 ? text.length : text[eol - 1] === "\r" ? eol - 1 : eol;
    newline = eol === -1 ? (/\r\n/.test(text) ? "\r\n" : "\n") : text.slice(lineEnd, eol + 1);
  }
  const indent = " ".repeat(lines.columnOf(last.key.start) - 1);
  return {
    start: lineEnd,
    end: lineEnd,
    current: "",
    before: `${newline}${indent}${key}`,
    after: "",
    yaml,
  };
}
