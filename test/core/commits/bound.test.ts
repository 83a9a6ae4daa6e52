import lint from "@commitlint/lint";
import type { QualifiedRules } from "@commitlint/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commitPolicy, lintMessage } from "../../../src/core/commits/index.js";
import { standIn } from "../../../src/core/commits/bound.js";
import { conventionalParserOptions } from "../../../src/core/commits/parser-options.js";
import { hasReference } from "../../../src/core/commits/references.js";
import { defaultConfig } from "../../../src/core/config/load.js";

const policy = commitPolicy(defaultConfig());

async function raw(message: string) {
  const r = await lint(message, policy.rules as QualifiedRules, {
    parserOpts: conventionalParserOptions,
    defaultIgnores: true,
  });
  return {
    valid: r.valid,
    errors: r.errors.map((e) => e.message).sort(),
    warnings: r.warnings.map((w) => w.message).sort(),
  };
}
async function ours(message: string) {
  const r = await lintMessage(message, policy);
  const of = (s: string) =>
    r.problems
      .filter((p) => p.severity === s)
      .map((p) => p.message)
      .sort();
  return { valid: r.valid, errors: of("error"), warnings: of("warning") };
}

const word = fc.oneof(
  fc.constantFrom(
    "fix",
    "closes",
    "Closes",
    "resolves",
    "#12",
    "#abc-1",
    "(#34)",
    "[#5]",
    "#6.",
    "https://example.com/x",
    "BREAKING",
    "CHANGE:",
    "a.b/c",
    "@someone",
    "x",
  ),
  fc.stringMatching(/^[a-z0-9./-]{1,120}$/),
  fc.stringMatching(/^#[a-z0-9-]{1,60}[.,;)\]]?$/),
);
const line = fc.array(word, { maxLength: 12 }).map((w) => w.join(" "));
const header = fc.constantFrom(
  "feat: add x",
  "fix(api): crash",
  "Fix crash",
  "feat!: drop y",
  "chore(deps): bump z (#12)",
);
const message = fc
  .tuple(
    header,
    fc.array(fc.oneof(line, fc.constant(""), fc.constant("BREAKING CHANGE: gone")), {
      maxLength: 8,
    }),
  )
  .map(([h, body]) => [h, "", ...body].join("\n"));

describe("bounded linting gives commitlint's own verdicts", () => {
  it("on generated messages with references, URLs, notes and long tokens", async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        expect(await ours(m)).toEqual(await raw(m));
      }),
      { numRuns: 150, seed: 20240601 },
    );
  });

  it.each([
    ["a long line with a reference late in it", `feat: x\n\n${"word ".repeat(80)}closes #12`],
    ["a long line with a URL late in it", `feat: x\n\n${"word ".repeat(80)}https://example.com/a`],
    [
      "a long line with both, URL first",
      `feat: x\n\nCloses #1\n${"w ".repeat(150)}https://x.example #12`,
    ],
    ["a long line ending in a full stop", `feat: x\n\nfixes #1\n\n${"y".repeat(300)}.`],
    ["a long header with a reference", `feat: ${"y ".repeat(150)}(#12)`],
  ])("%s", async (_name, m) => {
    expect(await ours(m)).toEqual(await raw(m));
  });
});

describe("hostile sizes finish with a note", () => {
  it.each([
    ["a 100 KB single-word line", `feat: x\n\n${"y".repeat(100_000)}`],
    ["a 100 KB header", `feat: ${"y".repeat(100_000)}`],
    ["64 KB of references", `feat: x\n\n${"#1 ".repeat(22_000)}`],
    [
      "20 KB of 300-character words with a reference",
      `feat: x\n\nfixes #1\n${`${"z".repeat(300)}\n`.repeat(70)}`,
    ],
    ["100 KB of mentions", `feat: x\n\n${"@a ".repeat(34_000)}`],
  ])("%s", async (_name, m) => {
    const verdict = await lintMessage(m, policy);
    expect(verdict.problems.some((p) => p.rule === "message-size")).toBe(true);
    expect(verdict.valid).toBe(false);
  });
});

describe("standIn and hasReference", () => {
  it.each([
    ["closes #12", true],
    ["see #12.", false],
    ["(#12)", true],
    ["#12, #13", true],
    ["https://github.com/a/b/issues/1#12", false],
    ["closes #12 https://x.example", false],
    ["https://x.example closes #12", true],
    ["prefixes #1", true],
    ["no refs here", false],
    ["", false],
  ])("hasReference(%j) is %s", (text, expected) => {
    expect(hasReference(text)).toBe(expected);
  });

  it("keeps length, start, last character, URL-ness and reference-ness", () => {
    for (const original of [
      `${"a".repeat(300)}.`,
      `${"b ".repeat(150)}https://example.com`,
      `${"c ".repeat(150)}closes #9`,
      `https://x.example ${"d ".repeat(150)}fixes #3`,
      `#1 ${"e".repeat(300)}#`,
    ]) {
      const s = standIn(original, 101);
      expect(s).toHaveLength(101);
      expect(s.slice(0, 20)).toBe(original.slice(0, 20).replace(/#/g, "-"));
      expect(s.at(-1)).toBe(original.at(-1) === "#" ? "-" : original.at(-1));
      expect(/\bhttps?:\/\/\S+/.test(s)).toBe(/\bhttps?:\/\/\S+/.test(original));
      expect(hasReference(s)).toBe(hasReference(original));
    }
  });
});
