import { describe, expect, it } from "vitest";
import {
  entries,
  get,
  getIn,
  parseYaml,
  scalarType,
  toValue,
} from "../../../src/core/yaml/index.js";
import type { YMap, YScalar } from "../../../src/core/yaml/index.js";

function parse(text: string) {
  const result = parseYaml(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("parseYaml", () => {
  it("gives every scalar the offsets of its raw text, quotes excluded", () => {
    const text = "a: &x \"q:1\" # c\nb: *x\nc: 'it''s'\nd: plain\n";
    const { docs } = parse(text);
    const root = docs[0]?.root as YMap;
    const a = get(root, "a") as YScalar;
    expect(text.slice(a.valueStart, a.valueEnd)).toBe("q:1");
    expect(text.slice(a.start, a.end)).toBe('"q:1"');
    expect(a.anchor).toBe("x");
    expect(get(root, "b")).toBe(a);
    const c = get(root, "c") as YScalar;
    expect([c.value, c.style, text.slice(c.valueStart, c.valueEnd)]).toEqual([
      "it's",
      "single",
      "it''s",
    ]);
    expect(docs[0]?.aliasCount).toBe(1);
  });

  it("keeps every document of a stream, and a BOM and CRLF do not shift offsets", () => {
    const text = "\uFEFFa: 1\r\n---\r\nb: [x, {y: z}]\r\n";
    const { docs, lines } = parse(text);
    expect(docs).toHaveLength(2);
    const y = getIn(docs[1]?.root, ["b", 1, "y"]) as YScalar;
    expect(text.slice(y.valueStart, y.valueEnd)).toBe("z");
    expect(lines.lineOf(y.valueStart)).toBe(3);
    const b = get(docs[1]?.root, "b");
    expect(text.slice(b?.start, b?.end)).toBe("[x, {y: z}]");
  });

  it("applies merge keys with explicit keys winning, and records duplicate keys", () => {
    const { docs } = parse("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n  y: 4\n");
    const d = get(docs[0]?.root, "d") as YMap;
    expect(entries(d).map((e) => [e.key, (e.value as YScalar).value])).toEqual([
      ["y", "4"],
      ["x", "1"],
    ]);
    expect(docs[0]?.duplicateKeys.map((k) => k.key)).toEqual(["y"]);
  });

  it("types plain scalars as a YAML 1.2 loader does, and as YAML 1.1 when asked", () => {
    const { docs } = parse("a: 1.10\nb: '1.10'\nc: 2024\nd: v1\ne: ~\nf: yes\n");
    const t = (k: string, s?: "1.1") => scalarType(get(docs[0]?.root, k) as YScalar, s);
    expect([t("a"), t("b"), t("c"), t("d"), t("e"), t("f"), t("f", "1.1")]).toEqual([
      "float",
      "string",
      "int",
      "string",
      "null",
      "string",
      "bool",
    ]);
  });

  it("reports errors with line and column instead of throwing", () => {
    const tab = parseYaml("a: b\n\tc: d\n");
    expect(tab.ok).toBe(false);
    if (!tab.ok) expect(tab.error).toMatchObject({ line: 2, column: 1 });
    const deep = parseYaml("[".repeat(5000));
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error.message).toMatch(/maxDepth/);
  });

  it("expands aliases under a budget so a billion-laughs document is an error", () => {
    let text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (let i = 1; i < 10; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]\n`;
    const { docs } = parse(text);
    const value = toValue(docs[0]?.root ?? null);
    expect(value.ok).toBe(false);
    if (!value.ok) expect(value.error.message).toMatch(/alias bomb/);
  });

  it("converts integers to bigint for CEL when asked", () => {
    const { docs } = parse("replicas: 3\nratio: 0.5\nname: x\n");
    expect(toValue(docs[0]?.root ?? null, { bigints: true })).toEqual({
      ok: true,
      value: { replicas: 3n, ratio: 0.5, name: "x" },
    });
  });
});
