import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from "js-yaml";
import type { Event, ScalarEvent } from "js-yaml";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { indexLines } from "./lines.js";
import type { LineIndex } from "./lines.js";
import type { DuplicateKey, ScalarStyle, YDoc, YMap, YNode, YScalar, YSeq } from "./tree.js";

export interface YamlError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface ParsedYaml {
  text: string;
  docs: YDoc[];
  lines: LineIndex;
}

export interface ParseOptions {
  /** Maximum nesting of collections; deeper input is an error, not a stack overflow. */
  maxDepth?: number;
}

const STYLES: Record<number, ScalarStyle> = {
  [SCALAR_STYLE.PLAIN]: "plain",
  [SCALAR_STYLE.SINGLE_QUOTED]: "single",
  [SCALAR_STYLE.DOUBLE_QUOTED]: "double",
  [SCALAR_STYLE.LITERAL_BLOCK]: "literal",
  [SCALAR_STYLE.FOLDED_BLOCK]: "folded",
};

/** Parses a YAML stream (all documents) into position-carrying trees, using js-yaml's event parser. */
export function parseYaml(text: string, options: ParseOptions = {}): Result<ParsedYaml, YamlError> {
  const lines = indexLines(text);
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: options.maxDepth ?? 100 });
  } catch (e) {
    return err(toYamlError(e, lines));
  }
  try {
    return ok({ text, docs: new TreeBuilder(text, events).build(), lines });
  } catch (e) {
    return err(toYamlError(e, lines));
  }
}

function toYamlError(e: unknown, lines: LineIndex): YamlError {
  if (e instanceof Error) {
    const mark = (e as Error & { mark?: { line: number; column: number; position: number } }).mark;
    const reason = (e as Error & { reason?: string }).reason ?? e.message.split("\n")[0] ?? "";
    if (mark) return { message: reason, line: mark.line + 1, column: mark.column + 1 };
    if (e instanceof BuildError)
      return { message: e.message, line: lines.lineOf(e.offset), column: lines.columnOf(e.offset) };
    return { message: reason, line: 1, column: 1 };
  }
  return { message: String(e), line: 1, column: 1 };
}

class BuildError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class TreeBuilder {
  private pos = 0;
  private anchors = new Map<string, YNode>();
  private aliasCount = 0;
  private duplicates: DuplicateKey[] = [];

  constructor(
    private readonly text: string,
    private readonly events: Event[],
  ) {}

  build(): YDoc[] {
    const docs: YDoc[] = [];
    while (this.pos < this.events.length) {
      const event = this.events[this.pos++];
      if (event?.type !== EVENT_ID.DOCUMENT) continue;
      this.anchors = new Map();
      this.aliasCount = 0;
      this.duplicates = [];
      let root: YNode | null = null;
      if (this.peek()?.type !== EVENT_ID.POP) root = this.node();
      this.pos++; // document POP
      docs.push({
        index: docs.length,
        root,
        aliasCount: this.aliasCount,
        duplicateKeys: this.duplicates,
      });
    }
    return docs;
  }

  private peek(): Event | undefined {
    return this.events[this.pos];
  }

  private slice(start: number, end: number): string | undefined {
    return start >= 0 ? this.text.slice(start, end) : undefined;
  }

  private node(): YNode {
    const event = this.events[this.pos++];
    if (!event) throw new BuildError("unexpected end of YAML events", this.text.length);
    switch (event.type) {
      case EVENT_ID.SCALAR:
        return this.register(this.scalar(event), event.anchorStart, event.anchorEnd);
      case EVENT_ID.ALIAS: {
        this.aliasCount++;
        const name = this.text.slice(event.anchorStart, event.anchorEnd);
        const target = this.anchors.get(name);
        if (!target) throw new BuildError(`unknown anchor "${name}"`, event.anchorStart);
        return { kind: "alias", name, target, start: event.anchorStart - 1, end: event.anchorEnd };
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const flow = event.style === 2;
        const base = {
          start: event.start,
          end: event.start,
          flow,
          ...this.decoration(event.anchorStart, event.anchorEnd, event.tagStart, event.tagEnd),
        };
        const collection: YMap | YSeq =
          event.type === EVENT_ID.MAPPING
            ? { kind: "map", pairs: [], ...base }
            : { kind: "seq", items: [], ...base };
        // Register before the children so a child alias cannot refer to its own parent too early.
        this.register(collection, event.anchorStart, event.anchorEnd);
        const seen = new Map<string, YNode>();
        let last = event.start;
        while (this.peek() && this.peek()?.type !== EVENT_ID.POP) {
          if (collection.kind === "map") {
            const key = this.node();
            const value = this.node();
            collection.pairs.push({ key, value });
            last = Math.max(last, value.end, key.end);
            if (key.kind === "scalar") {
              const first = seen.get(key.value);
              if (first) this.duplicates.push({ key: key.value, node: key, first });
              else seen.set(key.value, key);
            }
          } else {
            const item = this.node();
            collection.items.push(item);
            last = Math.max(last, item.end);
          }
        }
        this.pos++; // POP
        collection.end = flow ? this.closingBracket(last, event.start) : last;
        return collection;
      }
      default:
        throw new BuildError("unexpected YAML event", this.text.length);
    }
  }

  private scalar(event: ScalarEvent): YScalar {
    const style = STYLES[event.style] ?? "plain";
    const quoted = style === "single" || style === "double" ? 1 : 0;
    return {
      kind: "scalar",
      value: getScalarValue(this.text, event),
      style,
      valueStart: event.valueStart,
      valueEnd: event.valueEnd,
      start: event.valueStart - quoted,
      end: event.valueEnd + quoted,
      ...this.decoration(event.anchorStart, event.anchorEnd, event.tagStart, event.tagEnd),
    };
  }

  private decoration(
    anchorStart: number,
    anchorEnd: number,
    tagStart: number,
    tagEnd: number,
  ): { anchor?: string; tag?: string } {
    const anchor = this.slice(anchorStart, anchorEnd);
    const tag = this.slice(tagStart, tagEnd);
    return { ...(anchor !== undefined && { anchor }), ...(tag !== undefined && { tag }) };
  }

  private register<T extends YNode>(node: T, anchorStart: number, anchorEnd: number): T {
    if (anchorStart >= 0) this.anchors.set(this.text.slice(anchorStart, anchorEnd), node);
    return node;
  }

  /** Offset just past the `]` or `}` closing a flow collection whose content ends at `from`. */
  private closingBracket(from: number, open: number): number {
    let i = Math.max(from, open + 1);
    while (i < this.text.length) {
      const c = this.text[i];
      if (c === "]" || c === "}") return i + 1;
      if (c === "#")
        i = this.text.indexOf("\n", i) === -1 ? this.text.length : this.text.indexOf("\n", i);
      else i++;
    }
    return this.text.length;
  }
}
