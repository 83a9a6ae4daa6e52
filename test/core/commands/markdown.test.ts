import { describe, expect, it } from "vitest";
import { inlineCoverage, scanComment } from "../../../src/core/commands/index.js";

const kinds = (body: string) => scanComment(body).map((l) => l.kind);

describe("scanComment", () => {
  it.each([
    ["text\n\n> quote\nlazy\n\ntext", ["text", "blank", "quote", "quote", "blank", "text"]],
    ["```js\ncode\n```\ntext", ["code", "code", "code", "text"]],
    ["````\n```\n````\ntext", ["code", "code", "code", "text"]],
    ["~~~\n```\n~~~", ["code", "code", "code"]],
    ["```a`b\ntext", ["text", "text"]],
    ["    code\ntext\n    continued", ["code", "text", "text"]],
    ["<!-- a\nb -->\ntext", ["hidden", "hidden", "text"]],
    ["<pre>\nx\n</PRE>\ntext", ["html", "html", "html", "text"]],
    ["> a\n# heading\ntext", ["quote", "text", "text"]],
    ["> a\n- item\ntext", ["quote", "text", "text"]],
    ["> a\n    indented lazy", ["quote", "quote"]],
    ["> ```\n> code\ntext", ["quote", "quote", "text"]],
    ["a `b\nc` d\ne", ["text", "code", "text"]],
    ["a `b\n`c\nd", ["text", "code", "text"]],
    ["a <!-- b\n--> c\nd", ["text", "hidden", "text"]],
  ])("%j", (body, expected) => {
    expect(kinds(body)).toEqual(expected);
  });

  it("removes inline HTML comments from text lines", () => {
    expect(scanComment("/hold <!-- x --> now <!-- y -->").map((l) => l.text)).toEqual([
      "/hold  now ",
    ]);
  });
});

describe("inlineCoverage", () => {
  it.each([
    ["`a`", [[0, 3, "code"]]],
    ["``a`b``", [[0, 7, "code"]]],
    ["\\`a`", []],
    ["\\``a`", [[2, 5, "code"]]],
    ["` <!-- `", [[0, 8, "code"]]],
    ["<!-- ` --> `", [[0, 10, "hidden"]]],
    ["`a`` b", []],
    ["<!-- never closed", []],
  ] as const)("%j", (text, expected) => {
    expect(inlineCoverage(text).map((c) => [c.start, c.end, c.kind])).toEqual(expected);
  });
});
