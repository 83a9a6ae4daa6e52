import { describe, expect, it } from "vitest";
import {
  allowedScopes,
  allowedTypes,
  checkMessage,
  commitPolicy,
  headerMaxLength,
  ownTitleProblems,
} from "../../../src/core/commits/index.js";
import { defaultConfig, parseConfig } from "../../../src/core/config/load.js";

function policyFrom(yaml: string) {
  const parsed = parseConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return commitPolicy(parsed.value);
}

describe("commitPolicy", () => {
  it("starts from @commitlint/config-conventional", () => {
    const policy = commitPolicy(defaultConfig());
    expect(policy.enabled).toBe(true);
    expect(policy.checkCommits).toBe(true);
    expect(headerMaxLength(policy)).toBe(100);
    expect(allowedTypes(policy)).toEqual([
      "build",
      "chore",
      "ci",
      "docs",
      "feat",
      "fix",
      "perf",
      "refactor",
      "revert",
      "style",
      "test",
    ]);
    expect(allowedScopes(policy)).toBeNull();
  });

  it("takes types, scopes and rules from commits:, in commitlint's tuple form or with named levels", async () => {
    const policy = policyFrom(`
commits:
  types: [feat, fix, docs]
  scopes: [api, ui]
  rules:
    header-max-length: [error, always, 72]
    subject-case: off
    body-max-line-length: [1, always, 120]
`);
    expect(headerMaxLength(policy)).toBe(72);
    expect(policy.rules["subject-case"]).toEqual([0]);
    expect(policy.rules["body-max-line-length"]).toEqual([1, "always", 120]);
    expect((await checkMessage("fix(api): Crash on start", policy)).valid).toBe(true);
    expect(
      (await checkMessage("fix(db): crash on start", policy)).problems.map((p) => p.rule),
    ).toEqual(["scope-enum"]);
    expect((await checkMessage("perf: faster", policy)).problems.map((p) => p.rule)).toEqual([
      "type-enum",
    ]);
    expect(
      (await checkMessage(`feat: ${"a".repeat(70)}`, policy)).problems.map((p) => p.rule),
    ).toEqual(["header-max-length"]);
  });

  it("always allows the app's own type, digest type and scope", async () => {
    const policy = policyFrom(`
commits:
  types: [feat, fix]
  scopes: [api]
pullRequests:
  commitType: build
  commitScope: images
  digestCommitType: fix
`);
    expect(allowedTypes(policy)).toEqual(["feat", "fix", "build"]);
    expect(allowedScopes(policy)).toEqual(["api", "images"]);
    expect(
      (await checkMessage("build(images): bump acme/api to 1.8.0 in prod", policy)).valid,
    ).toBe(true);
    expect(await ownTitleProblems(policy)).toEqual([]);
  });

  it("reports rules that contradict the app's own titles", async () => {
    const policy = policyFrom(`
commits:
  rules:
    subject-case: [error, always, upper-case]
`);
    const problems = await ownTitleProblems(policy);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/would fail subject-case/);
  });

  it("turns the check off with conventional: false", async () => {
    const policy = policyFrom("commits: { conventional: false }");
    expect(policy.enabled).toBe(false);
    expect(await ownTitleProblems(policy)).toEqual([]);
  });
});

describe("commits.rules in the config schema", () => {
  const problems = (yaml: string) => {
    const parsed = parseConfig(yaml);
    return parsed.ok ? [] : parsed.error.map((p) => `${p.path}: ${p.message}`);
  };

  it.each([
    [
      "commits:\n  rules:\n    subjcet-case: off",
      /commits\.rules: Unrecognized key: "subjcet-case"/,
    ],
    [
      "commits:\n  rules:\n    header-max-length: [error, always]",
      /header-max-length: header-max-length needs a value/,
    ],
    [
      "commits:\n  rules:\n    header-max-length: [error, always, long]",
      /header-max-length\.2: header-max-length: .*number/,
    ],
    ["commits:\n  rules:\n    type-enum: [2, always, feat]", /type-enum\.2: type-enum: .*array/],
    ["commits:\n  rules:\n    subject-case: [2, never, shouting-case]", /subject-case\.2/],
    [
      "commits:\n  rules:\n    header-trim: [2, always, true]",
      /header-trim\.2: header-trim takes no value/,
    ],
    ["commits:\n  rules:\n    header-trim: [3, always]", /commits\.rules\.header-trim/],
    ["commits:\n  rules:\n    header-trim: [2, sometimes]", /commits\.rules\.header-trim/],
  ])("rejects %j", (yaml, expected) => {
    expect(problems(yaml).join("\n")).toMatch(expected);
  });

  it.each([
    "commits:\n  rules:\n    header-max-length: [0]",
    "commits:\n  rules:\n    header-max-length: [off, always]",
    "commits:\n  rules:\n    scope-enum: [2, always, {scopes: [api], delimiters: [',']}]",
    "commits:\n  rules:\n    scope-case: [2, always, [lower-case, kebab-case]]",
    "commits:\n  rules:\n    subject-full-stop: [2, never]",
    "commits:\n  rules:\n    signed-off-by: [2, always, 'Signed-off-by:']",
  ])("accepts %j", (yaml) => {
    expect(problems(yaml)).toEqual([]);
  });
});
