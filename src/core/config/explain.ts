import type { z } from "zod";
import { closest } from "../review/schema/closest.js";
import { entries, getIn } from "../yaml/index.js";
import type { YNode } from "../yaml/index.js";
import type { ConfigProblem } from "./load.js";
import { describeSchema, knownKeys, schemaAt } from "./schema-walk.js";

/** A config problem a person can act on: where, what was expected, what was found. */
export interface ExplainedProblem extends ConfigProblem {
  expected: string;
  got: string;
}

export interface ExplainInput {
  /** The root schema the issues came from. */
  schema: z.ZodType;
  /** The value that was validated. */
  value: unknown;
  /** The YAML tree of the value, for line numbers. */
  root?: YNode | null | undefined;
  /** Maps a string offset to its 1-based line. */
  lineOf?: (offset: number) => number;
}

/** Turns zod issues into path-qualified problems with expected/got text and the line in the file. */
export function explainIssues(
  issues: readonly z.core.$ZodIssue[],
  input: ExplainInput,
): ExplainedProblem[] {
  return issues.flatMap((issue) => explainIssue(issue, [], input));
}

function explainIssue(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
  input: ExplainInput,
): ExplainedProblem[] {
  const path = [...prefix, ...issue.path];
  const got = describeValue(valueAt(input.value, path));
  const at = (
    p: PropertyKey[],
    expected: string,
    gotText: string,
    message: string,
    keyLine = false,
  ) => problem(p, expected, gotText, message, lineAt(input, p, keyLine));
  switch (issue.code) {
    case "invalid_type": {
      const expected = article(issue.expected);
      const missing = valueAt(input.value, path) === undefined;
      const message = missing ? `required: ${expected}` : `expected ${expected}, got ${got}`;
      return [at(path, expected, missing ? "nothing" : got, message)];
    }
    case "unrecognized_keys": {
      const keys = knownKeys(schemaAt(input.schema, path));
      return issue.keys.map((key) => {
        const guess = closest(key, keys);
        const hint = guess ? ` (did you mean "${guess}"?)` : "";
        const expected = keys.length ? `one of the keys ${keys.join(", ")}` : "no other keys";
        return at(
          [...path, key],
          expected,
          JSON.stringify(key),
          `unknown key "${key}"${hint}`,
          true,
        );
      });
    }
    case "invalid_value": {
      const expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      return [at(path, expected, got, `expected ${expected}, got ${got}`)];
    }
    case "invalid_union": {
      const fitting = issue.errors.filter(
        (branch) => !branch.some((i) => i.code === "unrecognized_keys"),
      );
      if (fitting.length === 1 && fitting[0])
        return fitting[0].flatMap((nested) => explainIssue(nested, path, input));
      const schema = schemaAt(input.schema, path);
      const expected = schema ? describeSchema(schema) : "one of the allowed shapes";
      return [at(path, expected, got, `expected ${expected}, got ${got}`)];
    }
    case "invalid_key": {
      const reason = issue.issues[0]?.message ?? issue.message;
      const key = String(path[path.length - 1]);
      return [
        at(path, `a key that is ${reason}`, JSON.stringify(key), `key "${key}": ${reason}`, true),
      ];
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const unit =
        issue.origin === "array" ? " item(s)" : issue.origin === "string" ? " character(s)" : "";
      const expected = `${word} ${String(bound)}${unit}`;
      return [at(path, expected, got, `expected ${expected}, got ${got}`)];
    }
    case "invalid_format":
      return [at(path, issue.message, got, `expected ${issue.message}, got ${got}`)];
    default:
      return [at(path, issue.message, got, `${issue.message}, got ${got}`)];
  }
}

function problem(
  path: PropertyKey[],
  expected: string,
  got: string,
  message: string,
  line: number | undefined,
): ExplainedProblem {
  const out: ExplainedProblem = { path: path.map(String).join("."), message, expected, got };
  if (line !== undefined) out.line = line;
  return out;
}

/**
 * The line of the value at `path` (unless `keyLine`), else of the key that names it, else of the
 * nearest ancestor that exists (a missing required key is reported where its parent is written).
 */
function lineAt(input: ExplainInput, path: PropertyKey[], keyLine: boolean): number | undefined {
  const { root, lineOf } = input;
  if (!root || !lineOf) return undefined;
  const steps = path.map((s) => (typeof s === "number" ? s : String(s)));
  if (!keyLine) {
    const node = getIn(root, steps);
    if (node) return lineOf(node.start);
  }
  for (let n = steps.length; n > 0; n--) {
    const step = steps[n - 1];
    if (typeof step === "number") {
      const node = getIn(root, steps.slice(0, n));
      if (node) return lineOf(node.start);
      continue;
    }
    const parent = getIn(root, steps.slice(0, n - 1));
    const entry = parent?.kind === "map" ? entries(parent).find((e) => e.key === step) : undefined;
    if (entry) return lineOf(entry.keyNode.start);
  }
  return lineOf(root.start);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Object.hasOwn(current, step)
      ? (current as Record<PropertyKey, unknown>)[step]
      : undefined;
  }
  return current;
}

/** `"protct"`, `3`, `a list of 2 items`, `a mapping with keys a, b`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    return keys.length
      ? `a mapping with keys ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", ..." : ""}`
      : "an empty mapping";
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "text",
    number: "a number",
    boolean: "true or false",
    int: "a whole number",
  };
  return names[type] ?? type;
}
