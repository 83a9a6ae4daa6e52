import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { dump, load } from "js-yaml";

/**
 * A small renderer for the subset of Helm's Go templates that deploy/helm/bumpwarden uses:
 * `{{ }}` with `-` trimming, `if`/`else`/`end`, `$var :=`, pipelines, parentheses, and the
 * functions below. Anything else throws, so a template that outgrows it fails the test instead
 * of being skipped. (`helm template` does the real rendering; `helm` is not on this machine.)
 */
type Value = unknown;
interface Scope {
  dot: Record<string, Value>;
  vars: Map<string, Value>;
}
type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; pipeline: string }
  | { kind: "if"; cond: string; then: Node[]; else: Node[] };

export class TemplateFail extends Error {}

const FUNCS: Record<string, (...args: Value[]) => Value> = {
  toYaml: (v) =>
    v === undefined || v === null ? "" : dump(v, { lineWidth: -1 }).replace(/\n$/, ""),
  toJson: (v) => JSON.stringify(v ?? null),
  nindent: (n, s) => `\n${indent(Number(n), String(s))}`,
  indent: (n, s) => indent(Number(n), String(s)),
  quote: (v) => JSON.stringify(v === undefined || v === null ? "" : String(v)),
  default: (fallback, v) => (truthy(v) ? v : fallback),
  required: (message, v) => {
    if (!truthy(v)) throw new TemplateFail(String(message));
    return v;
  },
  fail: (message) => {
    throw new TemplateFail(String(message));
  },
  not: (v) => !truthy(v),
  and: (...vs) => vs.find((v) => !truthy(v)) ?? vs[vs.length - 1],
  or: (...vs) => vs.find((v) => truthy(v)) ?? vs[vs.length - 1],
  gt: (a, b) => Number(a) > Number(b),
  eq: (a, b) => a === b,
  int: (v) => Math.trunc(Number(v ?? 0)),
};

function indent(n: number, s: string): string {
  return s
    .split("\n")
    .map((line) => " ".repeat(n) + line)
    .join("\n");
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return Boolean(v);
}

function parse(source: string): Node[] {
  const tokens: ({ text: string } | { action: string })[] = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let text = source.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (m[1] === "-") text = text.replace(/\s+$/, "");
    tokens.push({ text }, { action: m[2] ?? "" });
    trimNext = m[3] === "-";
    last = m.index + m[0].length;
  }
  let tail = source.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, "");
  tokens.push({ text: tail });

  let i = 0;
  const block = (): { nodes: Node[]; end: "end" | "else" | "eof" } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (!t) break;
      if ("text" in t) {
        if (t.text) nodes.push({ kind: "text", text: t.text });
        continue;
      }
      const a = t.action;
      if (a === "end") return { nodes, end: "end" };
      if (a === "else") return { nodes, end: "else" };
      if (a.startsWith("if ")) {
        const then = block();
        const otherwise = then.end === "else" ? block() : { nodes: [], end: "end" as const };
        if (otherwise.end !== "end") throw new Error(`unclosed {{ ${a} }}`);
        nodes.push({ kind: "if", cond: a.slice(3), then: then.nodes, else: otherwise.nodes });
        continue;
      }
      if (/^(range|with|define|template|block|else if)\b/.test(a) || a.startsWith("/*"))
        throw new Error(`helm-render does not support {{ ${a} }}`);
      nodes.push({ kind: "action", pipeline: a });
    }
    return { nodes, end: "eof" };
  };
  const result = block();
  if (result.end !== "eof") throw new Error(`unexpected {{ ${result.end} }}`);
  return result.nodes;
}

/** Splits a pipeline into commands and words, keeping strings and parentheses together. */
function words(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out.push(text.slice(i, j + 1));
      i = j + 1;
    } else if (c === "(") {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === "(") depth++;
        if (text[j] === ")" && --depth === 0) break;
      }
      out.push(text.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()]/.test(text[j] ?? "")) j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

function evalPipeline(text: string, scope: Scope): Value {
  const commands = words(text).reduce<string[][]>(
    (acc, w) => {
      if (w === "|") acc.push([]);
      else acc[acc.length - 1]?.push(w);
      return acc;
    },
    [[]],
  );
  let value: Value = undefined;
  commands.forEach((command, index) => {
    const piped = index > 0 ? [value] : [];
    value = evalCommand(command, scope, piped);
  });
  return value;
}

function evalCommand(command: string[], scope: Scope, piped: Value[]): Value {
  const [head, ...rest] = command;
  if (head === undefined) throw new Error("empty command");
  const fn = FUNCS[head];
  if (fn) return fn(...rest.map((w) => evalOperand(w, scope)), ...piped);
  if (/^[a-zA-Z]\w*$/.test(head)) throw new Error(`helm-render does not know the function ${head}`);
  if (rest.length > 0 || piped.length > 0) throw new Error(`cannot call ${head}`);
  return evalOperand(head, scope);
}

function evalOperand(word: string, scope: Scope): Value {
  if (word.startsWith("(")) return evalPipeline(word.slice(1, -1), scope);
  if (word.startsWith('"')) return JSON.parse(word) as Value;
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === "true" || word === "false") return word === "true";
  if (word.startsWith("$")) {
    if (!scope.vars.has(word)) throw new Error(`undefined variable ${word}`);
    return scope.vars.get(word);
  }
  if (word.startsWith(".")) {
    let v: Value = scope.dot;
    for (const key of word.slice(1).split("."))
      v = v && typeof v === "object" ? (v as Record<string, Value>)[key] : undefined;
    return v;
  }
  throw new Error(`helm-render cannot evaluate ${word}`);
}

function renderNodes(nodes: Node[], scope: Scope): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "if")
      out += renderNodes(truthy(evalPipeline(node.cond, scope)) ? node.then : node.else, scope);
    else {
      const assign = /^(\$\w+)\s*:=\s*([\s\S]+)$/.exec(node.pipeline);
      if (assign?.[1] && assign[2]) scope.vars.set(assign[1], evalPipeline(assign[2], scope));
      else {
        const v = evalPipeline(node.pipeline, scope);
        out += v === undefined || v === null ? "" : String(v);
      }
    }
  }
  return out;
}

function deepMerge(base: Value, over: Value): Value {
  if (!over || typeof over !== "object" || Array.isArray(over)) return over;
  if (!base || typeof base !== "object" || Array.isArray(base)) return over;
  const out: Record<string, Value> = { ...(base as Record<string, Value>) };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out;
}

export interface RenderedFile {
  path: string;
  text: string;
}

/** Renders every template of a chart (like `helm template <release> <chart> -f <values>`). */
export function renderChart(
  chartDir: string,
  options: { release: string; namespace: string; values?: object },
): RenderedFile[] {
  const chart = load(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as Record<string, Value>;
  const values = deepMerge(
    load(readFileSync(join(chartDir, "values.yaml"), "utf8")),
    options.values ?? {},
  );
  const dot = {
    Values: values,
    Release: { Name: options.release, Namespace: options.namespace, Service: "Helm" },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  return readdirSync(join(chartDir, "templates"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({
      path: `templates/${f}`,
      text: renderNodes(parse(readFileSync(join(chartDir, "templates", f), "utf8")), {
        dot,
        vars: new Map(),
      }).trim(),
    }))
    .filter((f) => f.text.length > 0)
    .map((f) => ({ ...f, text: `${f.text}\n` }));
}
