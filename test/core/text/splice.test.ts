import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../src/core/text/splice.js";

describe("applyEdits", () => {
  it("splices edits in any order and keeps everything else (BOM, CRLF, no final newline)", () => {
    const text = "\uFEFFa: 1\r\nb: 2";
    expect(
      applyEdits(text, [
        { start: 10, end: 11, text: "3" },
        { start: 4, end: 5, text: "10" },
      ]),
    ).toEqual({ ok: true, value: "\uFEFFa: 10\r\nb: 3" });
  });

  it("counts identical edits once and refuses overlaps", () => {
    const e = { start: 0, end: 1, text: "x" };
    expect(applyEdits("ab", [e, { ...e }])).toEqual({ ok: true, value: "xb" });
    expect(
      applyEdits("abc", [
        { start: 0, end: 2, text: "x" },
        { start: 1, end: 3, text: "y" },
      ]).ok,
    ).toBe(false);
    expect(
      applyEdits("abc", [
        { start: 1, end: 1, text: "x" },
        { start: 1, end: 1, text: "y" },
      ]).ok,
    ).toBe(false);
    expect(applyEdits("abc", [{ start: 2, end: 9, text: "x" }]).ok).toBe(false);
  });

  it("leaves the text outside the edited ranges byte-identical (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2 }), fc.nat(), fc.string(), (text, at, insert) => {
        const start = at % text.length;
        const result = applyEdits(text, [{ start, end: start + 1, text: insert }]);
        expect(result).toEqual({
          ok: true,
          value: text.slice(0, start) + insert + text.slice(start + 1),
        });
      }),
    );
  });
});
