import { CONFIG_PATH } from "../../adapters/github/config-loader.js";
import type { FileProblem } from "../../core/config/document.js";

/** GitHub accepts at most 50 annotations per check-run request. */
const MAX_ANNOTATIONS = 50;
const MAX_ROWS = 100;

interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure";
  title: string;
  message: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  annotations?: Annotation[];
}

/**
 * The check run's output: a table of problems (file, line, path, expected, got) in the summary, and
 * an annotation on the line of each problem in the PR's own file.
 */
export function configCheckOutput(input: {
  problems: readonly FileProblem[];
  files: readonly string[];
  removed: boolean;
}): CheckOutput {
  // In file order, then line order (zod reports in schema order).
  const files = [...new Set(input.problems.map((p) => p.file))];
  const problems = [...input.problems].sort(
    (a, b) => files.indexOf(a.file) - files.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
  if (input.removed)
    return {
      title: "Configuration removed",
      summary: `This pull request deletes \`${CONFIG_PATH}\`. After it merges, the organization's \`.github\` repository config applies, or the built-in defaults when there is none.`,
    };
  if (problems.length === 0) {
    const chain =
      input.files.length > 1
        ? `\n\nExtends, in order: ${input.files
            .slice(1)
            .map((f) => `\`${f}\``)
            .join(", ")}.`
        : "";
    return {
      title: "Configuration is valid",
      summary: `\`${CONFIG_PATH}\` at this commit is valid. It takes effect once merged into the default branch.${chain}`,
    };
  }
  const rows = problems
    .slice(0, MAX_ROWS)
    .map(
      (p) =>
        `| ${cell(p.file === CONFIG_PATH ? "this PR" : p.file)} | ${p.line ?? ""} | ${cell(p.path || "(top level)")} | ${cell(p.expected)} | ${cell(p.got)} |`,
    );
  const more = problems.length > MAX_ROWS ? `\n\n…and ${problems.length - MAX_ROWS} more.` : "";
  const annotations = problems
    .filter((p) => p.file === CONFIG_PATH)
    .slice(0, MAX_ANNOTATIONS)
    .map((p) => ({
      path: CONFIG_PATH,
      start_line: p.line ?? 1,
      end_line: p.line ?? 1,
      annotation_level: "failure" as const,
      title: p.path || "configuration",
      message: p.message.includes(p.got)
        ? p.message
        : `${p.message}\nexpected: ${p.expected}\ngot: ${p.got}`,
    }));
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return {
    title: `Configuration invalid: ${count}`,
    summary:
      [
        `\`${CONFIG_PATH}\` at this commit would be rejected; bumpwarden keeps using the default branch's configuration until it is fixed.`,
        "",
        "| file | line | path | expected | got |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
      ].join("\n") + more,
    ...(annotations.length ? { annotations } : {}),
  };
}

/** A Markdown table cell: pipes escaped, code-formatted, one line. */
function cell(text: string): string {
  return `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'").replace(/\s+/g, " ").slice(0, 200)}\``;
}
