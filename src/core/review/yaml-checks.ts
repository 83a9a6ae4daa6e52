import type { YamlError, YDoc, LineIndex } from "../yaml/index.js";
import type { Draft } from "./finding.js";
import { positionOf } from "./manifest.js";

/** `yaml-syntax` / `yaml-tabs`: the file does not parse. */
export function syntaxFinding(file: string, error: YamlError): Draft {
  const tabs = /tab/i.test(error.message);
  return {
    file,
    line: error.line,
    column: error.column,
    rule: tabs ? "yaml-tabs" : "yaml-syntax",
    severity: "error",
    message: tabs
      ? "YAML does not allow tabs in indentation; indent with spaces"
      : `YAML syntax error: ${error.message}`,
    key: `${error.message}`,
  };
}

/** `yaml-duplicate-key`: a mapping repeats a key; loaders keep the last value silently. */
export function duplicateKeyFindings(
  file: string,
  docs: readonly YDoc[],
  lines: LineIndex,
): Draft[] {
  const out: Draft[] = [];
  for (const doc of docs) {
    for (const dup of doc.duplicateKeys) {
      const at = positionOf(dup.node, lines);
      const first = positionOf(dup.first, lines);
      out.push({
        file,
        ...at,
        rule: "yaml-duplicate-key",
        severity: "error",
        message: `duplicate key "${dup.key}" (first at line ${first.line}); only the last value is kept`,
      });
    }
  }
  return out;
}
