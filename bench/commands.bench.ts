import type { Bench } from "./figure.js";
import { compare } from "./figure.js";
import { parseComment } from "../src/core/commands/index.js";

/**
 * Slash-command parsing must stay linear on hostile comments: parsing one comment ten times the
 * size should cost what parsing ten comments of the base size costs (ratio near 1).
 */
function hostile(size: number): string {
  const shapes = [
    (n: number) =>
      Array.from({ length: Math.sqrt(n) | 0 }, (_, i) => "`".repeat(i + 1)).join(" x "),
    (n: number) => "x <!-- y ".repeat(n / 9),
    (n: number) => "> ".repeat(n / 2) + "/rebase",
    (n: number) => "a `b` ".repeat(n / 6),
    (n: number) => "```\n/rebase\n```\n".repeat(n / 16),
    (n: number) => "/rebase\n".repeat(n / 8),
    (n: number) => `/unignore 1.0${" ".repeat(n)}x`,
  ];
  const part = size / shapes.length;
  return shapes.map((shape) => shape(part)).join("\n\n");
}

const bench: Bench = async (report) => {
  const base = 100_000;
  const small = hostile(base);
  const large = hostile(base * 10);
  const r = await compare(
    () => parseComment(large),
    () => {
      for (let i = 0; i < 10; i++) parseComment(small);
    },
    5,
  );
  report({
    name: "commands.parse.hostile-1MB-vs-10x100KB",
    value: r.value,
    unit: "ms",
    baseline: r.baseline,
    ratio: r.ratio,
    note: `one ${large.length}-character hostile comment vs ten of ${small.length}; ~1 means linear`,
  });
};

export default bench;
