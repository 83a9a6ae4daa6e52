import nock from "nock";
import { describe, expect, it } from "vitest";
import { loadRepoConfig } from "../../src/adapters/github/config-loader.js";
import { defaultConfig } from "../../src/core/config/load.js";
import { createTestOctokit } from "../harness/octokit.js";
import { serveConfig } from "./github-fixtures.js";

const gitops = { owner: "acme", repo: "gitops" };
const file = (repo: string) => `acme/${repo}:.github/bumpwarden.yml`;

const orgDefaults = `# acme's defaults for every GitOps repository
review:
  mode: monitor
  allowedRegistries: [ghcr.io/acme]
pullRequests:
  labels: [dependencies, gitops]
  reviewers: [acme/platform]
images:
  - match: "ghcr.io/acme/*"
    policy: { semver: ">=1.0.0" }
`;

describe("loadRepoConfig", () => {
  it("reads the repository's own file from the default branch", async () => {
    serveConfig("acme", "gitops", "review:\n  mode: monitor\n");
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    expect(loaded.ok && loaded.value.files).toEqual([file("gitops")]);
    expect(loaded.ok && loaded.value.config.review.mode).toBe("monitor");
    expect(loaded.ok && loaded.value.config.pullRequests.labels).toEqual(["dependencies"]);
  });

  it("falls back to the organization's .github repository, then to the defaults", async () => {
    serveConfig("acme", "gitops", null);
    serveConfig("acme", ".github", orgDefaults);
    const org = await loadRepoConfig(createTestOctokit(), gitops);
    expect(org.ok && org.value.files).toEqual([file(".github")]);
    expect(org.ok && org.value.config.pullRequests.reviewers).toEqual(["acme/platform"]);

    serveConfig("acme", "gitops", null);
    serveConfig("acme", ".github", null);
    expect(await loadRepoConfig(createTestOctokit(), gitops)).toEqual({
      ok: true,
      value: { config: defaultConfig(), files: [] },
    });
  });

  it("merges `_extends: .github` under the repository's file: maps merge, lists replace, images chain", async () => {
    serveConfig(
      "acme",
      "gitops",
      `_extends: .github
pullRequests:
  labels: [deps]
images:
  - match: ghcr.io/acme/legacy
    policy: { regex: "^v(?<extract>\\\\d+)$", order: numerical }
`,
    );
    serveConfig("acme", ".github", orgDefaults);
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const { config, files } = loaded.value;
    expect(files).toEqual([file("gitops"), file(".github")]);
    expect(config.review.mode).toBe("monitor"); // inherited
    expect(config.review.allowedRegistries).toEqual(["ghcr.io/acme"]);
    expect(config.pullRequests.labels).toEqual(["deps"]); // the repo's list replaces the org's
    expect(config.pullRequests.reviewers).toEqual(["acme/platform"]); // sibling key kept
    expect(config.images.map((i) => i.match)).toEqual(["ghcr.io/acme/legacy", "ghcr.io/acme/*"]);
    expect(config).not.toHaveProperty("_extends");
  });

  it("follows `owner/repo` twice (repo → team base → org base)", async () => {
    serveConfig("acme", "gitops", "_extends: acme/team-base\ncommits: { scopes: [api] }\n");
    serveConfig("acme", "team-base", "_extends: .github\nreview: { mode: protect }\n");
    serveConfig("acme", ".github", orgDefaults);
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.files).toEqual([file("gitops"), file("team-base"), file(".github")]);
    expect(loaded.value.config.review.mode).toBe("protect"); // nearer file wins
    expect(loaded.value.config.review.allowedRegistries).toEqual(["ghcr.io/acme"]);
    expect(loaded.value.config.commits.scopes).toEqual(["api"]);
  });

  it("stops at a third hop with a problem on the `_extends` line", async () => {
    serveConfig("acme", "gitops", "_extends: a\n");
    serveConfig("acme", "a", "_extends: b\n");
    serveConfig("acme", "b", "# base\n_extends: c\n");
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    expect(loaded).toEqual({
      ok: false,
      error: [
        expect.objectContaining({
          file: file("b"),
          path: "_extends",
          line: 2,
          message: expect.stringMatching(/deeper than 2/),
        }),
      ],
    });
  });

  it("detects a cycle instead of looping", async () => {
    serveConfig("acme", "gitops", "_extends: acme/base\n");
    serveConfig("acme", "base", "review: { mode: monitor }\n_extends: acme/gitops\n");
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    expect(loaded).toEqual({
      ok: false,
      error: [
        {
          file: file("base"),
          path: "_extends",
          line: 2,
          message: "_extends makes a cycle: acme/gitops → acme/base → acme/gitops",
          expected: "a repository not already in the chain",
          got: "acme/gitops → acme/base → acme/gitops",
        },
      ],
    });
  });

  it("detects a file that extends itself (names compared case-insensitively)", async () => {
    serveConfig("acme", "gitops", "_extends: ACME/GitOps\n");
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    expect(!loaded.ok && loaded.error[0]?.message).toMatch(/cycle: acme\/gitops → ACME\/GitOps/);
  });

  it("reports a missing base and a malformed `_extends`", async () => {
    serveConfig("acme", "gitops", "_extends: other-org/base\n");
    serveConfig("other-org", "base", null);
    const missing = await loadRepoConfig(createTestOctokit(), gitops);
    expect(!missing.ok && missing.error[0]).toMatchObject({
      path: "_extends",
      line: 1,
      message:
        "_extends: other-org/base:.github/bumpwarden.yml does not exist, or the app is not installed on other-org/base",
    });

    serveConfig("acme", "gitops", "_extends: a/b/c\n");
    const malformed = await loadRepoConfig(createTestOctokit(), gitops);
    expect(!malformed.ok && malformed.error).toEqual([
      expect.objectContaining({
        path: "_extends",
        message: expect.stringContaining("is not `repo` or `owner/repo`"),
      }),
    ]);
  });

  it("reports every invalid file in the chain with file, path, line, expected and got", async () => {
    serveConfig("acme", "gitops", "_extends: .github\nreview:\n  mode: protct\n");
    serveConfig(
      "acme",
      ".github",
      "pullRequests:\n  labels: dependencies\n  reviewer: [acme/platform]\n",
    );
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toEqual([
      {
        file: file("gitops"),
        path: "review.mode",
        line: 3,
        message: 'expected one of "protect", "monitor", got "protct"',
        expected: 'one of "protect", "monitor"',
        got: '"protct"',
      },
      {
        file: file(".github"),
        path: "pullRequests.labels",
        line: 2,
        message: 'expected a list, got "dependencies"',
        expected: "a list",
        got: '"dependencies"',
      },
      expect.objectContaining({
        file: file(".github"),
        path: "pullRequests.reviewer",
        line: 3,
        message: 'unknown key "reviewer" (did you mean "reviewers"?)',
      }),
    ]);
  });

  it("reports YAML syntax errors with their line", async () => {
    serveConfig("acme", "gitops", "review:\n  mode: [monitor\n");
    const loaded = await loadRepoConfig(createTestOctokit(), gitops);
    expect(!loaded.ok && loaded.error[0]).toMatchObject({
      file: file("gitops"),
      path: "",
      message: expect.stringMatching(/^not valid YAML/),
    });
    expect(!loaded.ok && loaded.error[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it("throws on a GitHub error other than 404, so the job is retried", async () => {
    nock("https://api.github.com")
      .get("/repos/acme/gitops/contents/.github%2Fbumpwarden.yml")
      .reply(502, "bad gateway");
    await expect(loadRepoConfig(createTestOctokit(), gitops)).rejects.toMatchObject({
      status: 502,
    });
  });
});
