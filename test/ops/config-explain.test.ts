import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkConfigDocument, readConfigDocument } from "../../src/core/config/document.js";
import { mergeConfigValues } from "../../src/core/config/extends.js";

function problems(text: string) {
  const doc = readConfigDocument(text, "f.yml");
  if (!doc.ok) return doc.error;
  return checkConfigDocument(doc.value).map(({ path, line, expected, got, message }) => ({
    path,
    line,
    expected,
    got,
    message,
  }));
}

describe("config problems: path, expected, got, line", () => {
  it.each([
    {
      name: "a union branch whose keys fit reports that branch's problem",
      text: "images:\n  - match: ghcr.io/acme/api\n    policy:\n      semver: 1\n",
      want: { path: "images.0.policy.semver", line: 4, expected: "text", got: "1" },
    },
    {
      name: "no union branch fits: the shapes it could be",
      text: "images:\n  - match: ghcr.io/acme/api\n    policy: { regx: '^v' }\n",
      want: {
        path: "images.0.policy",
        line: 3,
        expected:
          "a mapping with semver, prerelease? | a mapping with regex, order? | a mapping with digest | a mapping with ci",
        got: "a mapping with keys regx",
      },
    },
    {
      name: "a bad record key points at the key",
      text: "environments:\n  Prod: [clusters/prod/**]\n",
      want: { path: "environments.Prod", line: 2, got: '"Prod"' },
    },
    {
      name: "a refinement (duration) says what it wanted",
      text: "environments:\n  prod: { paths: [a], soak: 1 day }\n",
      want: {
        path: "environments.prod.soak",
        line: 2,
        expected: "a duration such as 30m, 24h or 2d",
        got: '"1 day"',
      },
    },
    {
      name: "an empty list where one item is needed",
      text: "environments:\n  prod:\n    paths: []\n",
      want: {
        path: "environments.prod.paths",
        line: 3,
        expected: "at least 1 item(s)",
        got: "a list of 0 items",
      },
    },
    {
      name: "a missing required key is reported where its parent is",
      text: "images:\n  - policy: { semver: '^1' }\n",
      want: {
        path: "images.0.match",
        line: 2,
        expected: "text",
        got: "nothing",
        message: "required: text",
      },
    },
    {
      name: "the top level must be a mapping",
      text: "- a\n- b\n",
      want: { path: "", line: 1, expected: "a mapping", got: "a list of 2 items" },
    },
  ])("$name", ({ text, want }) => {
    expect(problems(text)).toEqual([expect.objectContaining(want)]);
  });

  it("accepts the example repository's config and an empty file", () => {
    expect(problems("")).toEqual([]);
    expect(problems("# only a comment\n")).toEqual([]);
    const example = readFileSync(
      new URL("../../examples/gitops/.github/bumpwarden.yml", import.meta.url),
      "utf8",
    );
    expect(problems(example)).toEqual([]);
  });
});

describe("mergeConfigValues", () => {
  it("merges mappings deeply, replaces lists, puts the extending file's image rules first", () => {
    const base = {
      review: { mode: "monitor", rules: { a: "off" } },
      images: [{ match: "b" }],
      pullRequests: { labels: ["x"] },
    };
    const over = {
      _extends: ".github",
      review: { rules: { c: "error" } },
      images: [{ match: "o" }],
      pullRequests: { labels: ["y"] },
    };
    expect(mergeConfigValues(base, over)).toEqual({
      review: { mode: "monitor", rules: { a: "off", c: "error" } },
      images: [{ match: "o" }, { match: "b" }],
      pullRequests: { labels: ["y"] },
    });
  });
});
