import { describe, expect, it } from "vitest";
import { checkMessage, commitPolicy, suggestHeader } from "../../../src/core/commits/index.js";
import { defaultConfig, parseConfig } from "../../../src/core/config/load.js";

const policy = commitPolicy(defaultConfig());

describe("suggested headers", () => {
  it.each([
    ["Bump foo", "chore(deps): bump foo"],
    ["Bump lodash from 4.17.20 to 4.17.21", "chore(deps): bump lodash from 4.17.20 to 4.17.21"],
    [
      "Bump the npm_and_yarn group across 1 directory with 2 updates",
      "chore(deps): bump the npm_and_yarn group across 1 directory with 2 updates",
    ],
    ["Update dependency eslint to v9", "chore(deps): update dependency eslint to v9"],
    ["Upgrade controller-runtime to v0.7.0", "chore(deps): upgrade controller-runtime to v0.7.0"],
    ["Fix crash on start", "fix: crash on start"],
    ["Fixed the login bug", "fix: the login bug"],
    ["fix crash on start", "fix: crash on start"],
    ["feat:missing space", "feat: missing space"],
    ["feat :space before colon", "feat: space before colon"],
    ["feat : add thing", "feat: add thing"],
    ["feat (api): add thing", "feat(api): add thing"],
    ["Feat: add thing", "feat: add thing"],
    ["FEAT: ADD THING", "feat: add thing"],
    ["Feat(API) : Add thing.", "feat(API): add thing"],
    ["feat(api)!:drop v1", "feat(api)!: drop v1"],
    ["feature: add dark mode", "feat: add dark mode"],
    ["bugfix: handle empty input", "fix: handle empty input"],
    ["hotfix: patch the release", "fix: patch the release"],
    ["tests: add parser tests", "test: add parser tests"],
    ["fxi: thing", "fix: thing"],
    ["chroe: tidy up", "chore: tidy up"],
    ["deps: bump x", "chore(deps): bump x"],
    ["docs: Update the README", "docs: update the README"],
    ["fix: Crash on start", "fix: crash on start"],
    ["fix: crash on start.", "fix: crash on start"],
    ["feat: Add New Thing", "feat: add New Thing"],
    ["feat: trailing space ", "feat: trailing space"],
    [" feat: leading space", "feat: leading space"],
    ["[FEAT] add dark mode", "feat: add dark mode"],
    ["[fix] handle empty input", "fix: handle empty input"],
    ["✨ add dark mode", "feat: add dark mode"],
    [":sparkles: add dark mode", "feat: add dark mode"],
    ["🐛 fix: crash on start", "fix: crash on start"],
    [":arrow_up: bump lodash", "chore(deps): bump lodash"],
    [
      "Add Support for Fetching Docker/OCI Image Labels (#1407)",
      "feat: add Support for Fetching Docker/OCI Image Labels (#1407)",
    ],
    [
      "Added Pi-hole / cloudflared example for use of DoH",
      "feat: add Pi-hole / cloudflared example for use of DoH",
    ],
    ["Implement loadSSHSigner", "feat: implement loadSSHSigner"],
    ["Add tests for the parser", "test: add tests for the parser"],
    ["Update README.md", "docs: update README.md"],
    ["Rename server.js to index.js", "refactor: rename server.js to index.js"],
    [
      "Fix: Prioritize sha2-512 and sha2-256 for ssh-rsa host keys",
      "fix: prioritize sha2-512 and sha2-256 for ssh-rsa host keys",
    ],
    ["chore: Address comments in PR #854 (#886)", "chore: address comments in PR #854 (#886)"],
  ])("%j → %j, which passes", async (header, expected) => {
    const result = await checkMessage(header, policy);
    expect(result.valid).toBe(false);
    expect(result.suggestion).toBe(expected);
    expect((await checkMessage(expected, policy)).valid).toBe(true);
  });

  it.each([
    "WIP",
    "asdf",
    "fix",
    "fix:",
    "Initial commit",
    "Secrets (#68)",
    "JIRA-1234: fix login redirect",
    "feat: API key support",
    "Update go.mod",
    "Welcome GitHub actions",
    "Remove unused modules",
    `feat: ${"a".repeat(95)}`,
  ])("%j gets no suggestion", async (header) => {
    const result = await checkMessage(header, policy);
    expect(result.valid).toBe(false);
    expect(result.suggestion).toBeNull();
  });

  it("follows the configured types and scopes", () => {
    const parsed = parseConfig(
      "commits: { types: [feature, bugfix, chore], scopes: [api, web] }\npullRequests: { digestCommitType: chore }",
    );
    if (!parsed.ok) throw new Error("config");
    const custom = commitPolicy(parsed.value);
    expect(suggestHeader("Feature(API): add x", custom)).toBe("feature(api): add x");
    expect(suggestHeader("bugfx(wbe): crash", custom)).toBe("bugfix(web): crash");
    expect(suggestHeader("Fix crash", custom)).toBeNull();
    expect(suggestHeader("feat(db): add x", custom)).toBeNull();
  });
});
