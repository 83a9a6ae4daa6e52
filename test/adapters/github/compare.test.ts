import nock from "nock";
import { describe, expect, it } from "vitest";
import { GitHubSourceHistory } from "../../../src/adapters/github/compare.js";
import type { GitHubClient } from "../../../src/adapters/github/client.js";
import { createTestOctokit } from "../../harness/octokit.js";

const repo = { owner: "acme", name: "api" };
const BASE = "a".repeat(40);
const history = () => new GitHubSourceHistory(createTestOctokit() as unknown as GitHubClient);
const path = `/repos/acme/api/compare/${BASE}...main`;

describe("GitHubSourceHistory (validated requests against GitHub's schema)", () => {
  it("reads GitHub's status, counts and commits (oldest first)", async () => {
    nock("https://api.github.com")
      .get(path)
      .reply(200, {
        status: "ahead",
        ahead_by: 2,
        behind_by: 0,
        total_commits: 2,
        commits: [{ sha: "b".repeat(40) }, { sha: "c".repeat(40) }],
        files: [],
      });
    expect(await history().compare(repo, BASE, "main")).toEqual({
      ok: true,
      value: {
        status: "ahead",
        aheadBy: 2,
        behindBy: 0,
        commits: ["b".repeat(40), "c".repeat(40)],
      },
    });
  });

  it("a 404 (unreadable repository or unknown commit) and a 422 are values; a 502 is thrown", async () => {
    nock("https://api.github.com")
      .get(path)
      .reply(404, { message: "Not Found" })
      .get(path)
      .reply(422, { message: "No common ancestor between a and main." })
      .get(path)
      .reply(502, { message: "Server Error" });
    expect(await history().compare(repo, BASE, "main")).toEqual({
      ok: false,
      error: {
        kind: "unreadable",
        message: `GitHub answered 404 comparing ${BASE.slice(0, 12)}...main in acme/api: the installation cannot read it, or a commit is not in it`,
      },
    });
    const refused = await history().compare(repo, BASE, "main");
    expect(refused).toMatchObject({ ok: false, error: { kind: "refused" } });
    expect(!refused.ok && refused.error.message).toMatch(/No common ancestor/);
    await expect(history().compare(repo, BASE, "main")).rejects.toMatchObject({ status: 502 });
  });
});
