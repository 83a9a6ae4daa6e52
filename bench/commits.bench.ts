import lint from "@commitlint/lint";
import type { QualifiedRules } from "@commitlint/types";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";
import { commitPolicy, lintMessage } from "../src/core/commits/index.js";
import { conventionalParserOptions } from "../src/core/commits/parser-options.js";
import { defaultConfig } from "../src/core/config/load.js";

/**
 * conventional-commits-parser is cubic in the length of a word when it looks for issue
 * references; lintMessage bounds that work (bound.ts) while giving the same verdict. Baseline:
 * commitlint called directly on the same message.
 */
const bench: Bench = async (report) => {
  const policy = commitPolicy(defaultConfig());
  const raw = (m: string) =>
    lint(m, policy.rules as QualifiedRules, {
      parserOpts: conventionalParserOptions,
      defaultIgnores: true,
    });
  for (const [name, message] of [
    ["word-800-with-reference", `fix: crash\n\nCloses #12\n${"y".repeat(800)}`],
    [
      "renovate-body",
      `chore(deps): update x\n\n${"| [x](https://e.com/a) | `1` -> `2` | ".repeat(20)}\n\nCloses #1`,
    ],
    ["plain", "feat(api): add pagination\n\nUsers asked for it.\n\nCloses #42"],
  ] as const) {
    const r = await compare(
      () => lintMessage(message, policy),
      () => raw(message),
      5,
    );
    report({
      name: `commits.lint.${name}`,
      value: r.value,
      unit: "ms",
      baseline: r.baseline,
      ratio: r.ratio,
      note: `${message.length} characters; baseline: @commitlint/lint unbounded`,
    });
  }
};

export default bench;
