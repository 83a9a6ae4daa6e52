import nock from "nock";
import { describe, expect, it } from "vitest";
import { createTestOctokit, GitHubWouldRejectError } from "./octokit.js";
import { takeRequestViolations } from "./violations.js";

const SHA = "88a9f2e556acea846467ca7c0b80bb7b919b5ccb";

describe("createTestOctokit", () => {
  it("sends a valid request (nock answers it)", async () => {
    const scope = nock("https://api.github.com")
      .post("/repos/acme/gitops/pulls/12/comments", {
        body: "pin the digest",
        commit_id: SHA,
        path: "apps/api.yaml",
        line: 7,
        side: "RIGHT",
      })
      .reply(201, { id: 1 });
    const octokit = createTestOctokit();
    const { data } = await octokit.rest.pulls.createReviewComment({
      owner: "acme",
      repo: "gitops",
      pull_number: 12,
      body: "pin the digest",
      commit_id: SHA,
      path: "apps/api.yaml",
      line: 7,
      side: "RIGHT",
    });
    expect(data.id).toBe(1);
    expect(scope.isDone()).toBe(true);
  });

  it("refuses a wrong enum before anything is sent, with a readable message", async () => {
    const octokit = createTestOctokit();
    const call = octokit.rest.pulls.createReviewComment({
      owner: "acme",
      repo: "gitops",
      pull_number: 12,
      body: "pin the digest",
      commit_id: SHA,
      path: "apps/api.yaml",
      line: 7,
      side: "left" as "LEFT",
    });
    await expect(call).rejects.toThrow(GitHubWouldRejectError);
    await expect(call).rejects.toThrow(
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments: body.side must be one of LEFT, RIGHT (got "left")',
    );
    expect(takeRequestViolations()).toHaveLength(1);
  });

  it("refuses an unknown route and a misspelled parameter", async () => {
    const octokit = createTestOctokit();
    await expect(
      octokit.request("GET /repos/{owner}/{repo}/pull", { owner: "a", repo: "b" }),
    ).rejects.toThrow("GET /repos/a/b/pull: no such route on api.github.com");
    await expect(
      octokit.request("GET /repos/{owner}/{repo}/pulls", { owner: "a", repo: "b", per_pages: 100 }),
    ).rejects.toThrow("query.per_pages is not a field GitHub accepts here");
    expect(takeRequestViolations()).toHaveLength(2);
  });

  it("validates GraphQL documents sent with octokit.graphql", async () => {
    const octokit = createTestOctokit();
    await expect(octokit.graphql("query { viewer { loginName } }")).rejects.toThrow(
      'GraphQL: Cannot query field "loginName" on type "User". Did you mean "login"?',
    );
    expect(takeRequestViolations()).toHaveLength(1);

    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, { data: { repository: { defaultBranchRef: { name: "main" } } } });
    const result = await octokit.graphql<{ repository: { defaultBranchRef: { name: string } } }>(
      "query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { defaultBranchRef { name } } }",
      { owner: "acme", name: "gitops" },
    );
    expect(result.repository.defaultBranchRef.name).toBe("main");
  });

  it("records a refusal even when the caller swallows the error", async () => {
    const octokit = createTestOctokit();
    await octokit.rest.issues
      .addLabels({ owner: "a", repo: "b", issue_number: 1, labels: [] })
      .catch(() => undefined);
    expect(takeRequestViolations()).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels: body.labels must have at least 1 item (got 0)",
    ]);
  });

  it("accepts the calls Probot's own plugins make (config, pagination)", async () => {
    nock("https://api.github.com")
      .get("/repos/acme/gitops/contents/.github%2Fbumpwarden.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/.github/contents/.github%2Fbumpwarden.yml")
      .reply(200, "images: []\n")
      .get("/installation/repositories?per_page=100")
      .reply(200, { total_count: 1, repositories: [{ id: 1 }] });
    const octokit = createTestOctokit();
    const { config } = await octokit.config.get({
      owner: "acme",
      repo: "gitops",
      path: ".github/bumpwarden.yml",
    });
    expect(config).toEqual({ images: [] });
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    expect(repos).toHaveLength(1);
  });

  it("points at another base URL (the simulator, GHES)", async () => {
    nock("http://127.0.0.1:4010").get("/api/v3/repos/acme/gitops").reply(200, { id: 7 });
    const octokit = createTestOctokit({ baseUrl: "http://127.0.0.1:4010/api/v3" });
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "gitops" });
    expect(data.id).toBe(7);
  });
});
