import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { parseYaml, toValue } from "../yaml/index.js";
import type { YNode } from "../yaml/index.js";
import { describeValue, explainIssues } from "./explain.js";
import type { ExplainedProblem } from "./explain.js";
import { configSchema } from "./schema.js";

/** A problem in one config file: `file` names it (`acme/gitops:.github/bumpwarden.yml`). */
export interface FileProblem extends ExplainedProblem {
  file: string;
}

/** One `.github/bumpwarden.yml`, parsed but not yet merged or defaulted. */
export interface ConfigDocument {
  file: string;
  /** The mapping as written (an empty file is `{}`). */
  value: Record<string, unknown>;
  root: YNode | null;
  lineOf: (offset: number) => number;
}

/** Parses one config file's text into a mapping; YAML errors come back with their line. */
export function readConfigDocument(
  text: string,
  file: string,
): Result<ConfigDocument, FileProblem[]> {
  const parsed = parseYaml(text);
  if (!parsed.ok)
    return err([
      {
        file,
        path: "",
        line: parsed.error.line,
        message: `not valid YAML: ${parsed.error.message}`,
        expected: "valid YAML",
        got: "a syntax error",
      },
    ]);
  if (parsed.value.docs.length > 1)
    return err([
      {
        file,
        path: "",
        line: 1,
        message: "holds several YAML documents; use one",
        expected: "one document",
        got: `${parsed.value.docs.length} documents`,
      },
    ]);
  const root = parsed.value.docs[0]?.root ?? null;
  const lineOf = parsed.value.lines.lineOf;
  const value = toValue(root, { budget: 100_000 });
  if (!value.ok)
    return err([
      {
        file,
        path: "",
        line: lineOf(value.error.node.start),
        message: value.error.message,
        expected: "a small config",
        got: "too many nodes",
      },
    ]);
  const mapping = value.value ?? {};
  if (typeof mapping !== "object" || Array.isArray(mapping))
    return err([
      {
        file,
        path: "",
        line: 1,
        message: `expected a mapping at the top, got ${describeValue(mapping)}`,
        expected: "a mapping",
        got: describeValue(mapping),
      },
    ]);
  return ok({ file, value: mapping as Record<string, unknown>, root, lineOf });
}

/** Validates one document on its own, so each problem points at the file and line that has it. */
export function checkConfigDocument(doc: ConfigDocument): FileProblem[] {
  const result = configSchema.safeParse(doc.value);
  if (result.success) return [];
  return explainIssues(result.error.issues, {
    schema: configSchema,
    value: doc.value,
    root: doc.root,
    lineOf: doc.lineOf,
  }).map((p) => ({ ...p, file: doc.file }));
}

/** `file:line: path: message`, one line per problem (logs, the dashboard, job outcomes). */
export function formatFileProblem(p: FileProblem): string {
  const where = `${p.file}${p.line === undefined ? "" : `:${p.line}`}`;
  return `${where}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
}
