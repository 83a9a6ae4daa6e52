import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../../src/core/commands/index.js";

describe("editDistance", () => {
  it.each([
    ["rebase", "rebase", 0],
    ["rebse", "rebase", 1],
    ["hodl", "hold", 1],
    ["lnit", "lint", 1],
    ["unignroe", "unignore", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ] as const)("%s → %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("stops early past the limit", () => {
    expect(editDistance("a".repeat(1000), "b".repeat(1000), 2)).toBe(3);
  });
});

describe("closest", () => {
  const names = ["rebase", "recreate", "hold", "unhold", "lint", "help"];
  it.each([
    ["rebsae", "rebase"],
    ["recrate", "recreate"],
    ["hodl", "hold"],
    ["unhodl", "unhold"],
    ["lgtm", null],
    ["hel", "help"],
    ["xyz", null],
  ])("%s → %s", (word, expected) => {
    expect(closest(word, names)).toBe(expected);
  });

  it("refuses ties", () => {
    expect(closest("cat", ["bat", "hat"])).toBeNull();
  });
});
