import { describe, expect, it } from "vitest";
import {
  addRule,
  describeRule,
  isIgnored,
  removeRules,
  ruleProblem,
  versionLine,
  versionNumbers,
} from "../../../src/core/dashboard/rules.js";
import type { IgnoreRule } from "../../../src/core/dashboard/rules.js";

const API = "ghcr.io/acme/api";

function rule(
  kind: IgnoreRule["kind"],
  tag: string | null,
  extra: Partial<IgnoreRule> = {},
): IgnoreRule {
  return {
    id: 1,
    repository: API,
    environment: "staging",
    kind,
    tag,
    by: "alice",
    pr: 12,
    at: "2026-11-23T12:00:00Z",
    ...extra,
  };
}

const q = (tag: string, current: string | null = "1.7.1", environment = "staging") => ({
  repository: API,
  environment,
  tag,
  current,
});

describe("version numbers and lines", () => {
  it.each([
    ["1.8.0", ["1", "8", "0"]],
    ["v2.10.3", ["2", "10", "3"]],
    ["1.21-alpine", ["1", "21"]],
    ["1.21.3-alpine3.19", ["1", "21", "3"]],
    ["2024.01.15", ["2024", "1", "15"]],
    ["07", ["7"]],
    ["1.2.3.4", ["1", "2", "3"]],
    ["latest", null],
    ["sha-3f2a9c1", null],
    ["main-1700000000", null],
  ])("%s → %j", (tag, numbers) => {
    expect(versionNumbers(tag)).toEqual(numbers);
  });

  it("takes the line at the rule's depth, or none when the tag is too short", () => {
    expect(versionLine("2.3.4", "major")).toEqual(["2"]);
    expect(versionLine("2.3.4", "minor")).toEqual(["2", "3"]);
    expect(versionLine("2.3.4", "patch")).toEqual(["2", "3", "4"]);
    expect(versionLine("1.21-alpine", "patch")).toBeNull();
    expect(versionLine("2.3.4", "version")).toBeNull();
  });

  it("explains why a rule cannot be made from a tag", () => {
    expect(ruleProblem("minor", "sha-3f2a9c1")).toBe(
      "`sha-3f2a9c1` is not a version number, so it has no minor line",
    );
    expect(ruleProblem("patch", "1.21-alpine")).toBe("`1.21-alpine` has no patch number");
    expect(ruleProblem("version", null)).toBe("this pull request proposes a digest without a tag");
    expect(ruleProblem("image", null)).toBeNull();
    expect(ruleProblem("major", "v2.0.0")).toBeNull();
    // A line the environment already runs is never ignored for it: refuse instead of promising.
    expect(ruleProblem("major", "1.8.0", ["1.7.0"])).toBe(
      "this environment already runs `1.7.0`, on the `1.x` major line, and a line you run is never ignored for you",
    );
    expect(ruleProblem("minor", "1.8.1", ["1.8.0"])).toMatch(/`1\.8\.x` minor line/);
    expect(ruleProblem("major", "2.0.0", ["1.7.0"])).toBeNull();
    expect(ruleProblem("minor", "1.8.0", ["1.7.0", "1.8.0"])).toBeNull();
  });
});

describe("isIgnored", () => {
  const table: Array<[string, IgnoreRule, ReturnType<typeof q>, boolean]> = [
    ["version: same tag", rule("version", "1.8.0"), q("1.8.0"), true],
    ["version: other tag", rule("version", "1.8.0"), q("1.8.1"), false],
    ["version: no semver reading (v prefix differs)", rule("version", "1.8.0"), q("v1.8.0"), false],
    ["major: same major", rule("major", "2.0.0"), q("2.4.1"), true],
    ["major: pre-release of the line", rule("major", "2.0.0"), q("2.0.0-rc.1"), true],
    ["major: other major", rule("major", "2.0.0"), q("3.0.0"), false],
    ["major: already running that major", rule("major", "2.0.0"), q("2.4.1", "2.1.0"), false],
    ["major: unknown current", rule("major", "2.0.0"), q("2.4.1", null), true],
    ["minor: same minor", rule("minor", "1.8.0"), q("1.8.5"), true],
    ["minor: next minor", rule("minor", "1.8.0"), q("1.9.0"), false],
    [
      "minor: leading zeros read as numbers",
      rule("minor", "2024.01.0"),
      q("2024.1.15", "2023.12.1"),
      true,
    ],
    ["patch: same patch, other suffix", rule("patch", "1.8.3"), q("1.8.3-alpine"), true],
    ["patch: next patch", rule("patch", "1.8.3"), q("1.8.4"), false],
    ["minor: non-version candidate", rule("minor", "1.8.0"), q("latest"), false],
    ["image: any tag", rule("image", null), q("9.9.9"), true],
    ["image: other environment", rule("image", null), q("9.9.9", "1.7.1", "prod"), false],
    [
      "every environment",
      rule("image", null, { environment: null }),
      q("9.9.9", "1.7.1", "prod"),
      true,
    ],
    ["other image", rule("image", null, { repository: "ghcr.io/acme/web" }), q("1.8.0"), false],
  ];
  it.each(table)("%s", (_name, r, query, ignored) => {
    expect(isIgnored([r], query) !== undefined).toBe(ignored);
  });

  it("says what is ignored, by whom, and how to undo it", () => {
    expect(isIgnored([rule("minor", "1.8.0")], q("1.8.2"))).toBe(
      "`acme/api` `1.8.x` (minor line) in staging is ignored (/ignore by @alice in #12); /unignore to propose it again",
    );
  });

  it("describes each kind of rule", () => {
    expect(describeRule(rule("version", "1.8.0"))).toBe("`acme/api` `1.8.0` in staging");
    expect(describeRule(rule("major", "v2.1.0"))).toBe("`acme/api` `2.x` (major line) in staging");
    expect(describeRule(rule("patch", "1.8.3"))).toBe("`acme/api` `1.8.3` (patch line) in staging");
    expect(
      describeRule(
        rule("image", null, { environment: null, repository: "docker.io/library/nginx" }),
      ),
    ).toBe("every tag of `nginx` in every environment");
  });
});

describe("adding and removing rules", () => {
  it("does not add a rule twice for the same line", () => {
    const first = addRule([], rule("minor", "1.8.0"));
    expect(first.added).toBe(true);
    expect(addRule(first.rules, rule("minor", "1.8.4", { id: 2 })).added).toBe(false);
    expect(addRule(first.rules, rule("minor", "1.9.0", { id: 2 })).added).toBe(true);
    expect(addRule(first.rules, rule("minor", "1.8.0", { id: 2, environment: "prod" })).added).toBe(
      true,
    );
  });

  it("/unignore drops every rule of the image here, or only those that ignore one version", () => {
    const rules = [
      rule("version", "1.8.0", { id: 1 }),
      rule("minor", "1.9.0", { id: 2 }),
      rule("image", null, { id: 3, environment: "prod" }),
      rule("version", "1.8.0", { id: 4, repository: "ghcr.io/acme/web" }),
    ];
    const all = removeRules(rules, { repository: API, environment: "staging", version: null });
    expect(all.removed.map((r) => r.id)).toEqual([1, 2]);
    expect(all.rules.map((r) => r.id)).toEqual([3, 4]);
    const one = removeRules(rules, { repository: API, environment: "staging", version: "1.9.3" });
    expect(one.removed.map((r) => r.id)).toEqual([2]);
  });
});
