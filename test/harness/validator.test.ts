import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileAllOperations } from "../../sim/github-schema/rest.js";
import { matchRoute } from "../../sim/github-schema/routes.js";
import {
  isGraphqlUrl,
  validateGraphqlRequest,
  validateRestRequest,
} from "../../sim/github-schema/validate.js";

const API = "https://api.github.com";
const SHA = "88a9f2e556acea846467ca7c0b80bb7b919b5ccb";

describe("REST requests GitHub would reject", () => {
  it("catches a wrong enum value: a review comment on side 'left'", () => {
    const problems = validateRestRequest({
      method: "POST",
      url: `${API}/repos/acme/gitops/pulls/12/comments`,
      body: {
        body: "pin the digest",
        commit_id: SHA,
        path: "apps/api.yaml",
        line: 7,
        side: "left",
      },
    });
    expect(problems).toEqual([
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments: body.side must be one of LEFT, RIGHT (got "left")',
    ]);
  });

  it("catches a wrong body field: misspelled, missing and mistyped", () => {
    const problems = validateRestRequest({
      method: "POST",
      url: `${API}/repos/acme/gitops/pulls`,
      body: {
        title: "chore(deps): bump acme/api to 1.8.0",
        head: "bumpwarden/prod/api",
        bsae: "main",
        draft: "no",
      },
    });
    expect(problems).toEqual([
      "POST /repos/{owner}/{repo}/pulls: body.base is required",
      expect.stringMatching(
        /^POST \/repos\/\{owner\}\/\{repo\}\/pulls: body\.bsae is not a field GitHub accepts here \(known: title, head, head_repo, base, /,
      ),
      'POST /repos/{owner}/{repo}/pulls: body.draft must be boolean (got string "no")',
    ]);
  });

  it("catches an unknown route, and says which methods the path has", () => {
    expect(validateRestRequest({ method: "GET", url: `${API}/repos/acme/gitops/pull/3` })).toEqual([
      "GET /repos/acme/gitops/pull/3: no such route on api.github.com",
    ]);
    expect(
      validateRestRequest({ method: "GET", url: `${API}/repos/acme/gitops/git/refs` }),
    ).toEqual([
      "GET /repos/acme/gitops/git/refs: no such route on api.github.com (that path exists for POST)",
    ]);
  });

  it("tells how to vendor a real route whose schema is not vendored yet", () => {
    const [problem] = validateRestRequest({
      method: "GET",
      url: `${API}/repos/acme/gitops/readme`,
    });
    expect(problem).toBe(
      'GET /repos/{owner}/{repo}/readme: a GitHub route (repos/get-readme) whose schema is not vendored; add "GET /repos/{owner}/{repo}/readme" to OPERATIONS in scripts/vendor-github-schema.ts and run `npm run vendor:github-schema`',
    );
  });

  it.each([
    [
      "path parameter type",
      "GET",
      "/repos/acme/gitops/pulls/twelve",
      undefined,
      'path.pull_number must be integer (got string "twelve")',
    ],
    [
      "unknown query parameter",
      "GET",
      "/repos/acme/gitops/pulls?per_pages=100",
      undefined,
      "query.per_pages is not a field GitHub accepts here",
    ],
    [
      "query enum",
      "GET",
      "/repos/acme/gitops/pulls?state=opened",
      undefined,
      'query.state must be one of open, closed, all (got "opened")',
    ],
    [
      "body on a route without one",
      "POST",
      "/repos/acme/gitops/check-runs/4/rerequest",
      { force: true },
      "takes no request body (got force)",
    ],
    ["missing body", "POST", "/repos/acme/gitops/issues/3/comments", undefined, "body is required"],
    [
      "body that is not JSON",
      "POST",
      "/repos/acme/gitops/issues/3/comments",
      "{body:",
      "body is not valid JSON",
    ],
    [
      "check run annotations over 50",
      "PATCH",
      "/repos/acme/gitops/check-runs/4",
      {
        output: {
          title: "t",
          summary: "s",
          annotations: Array.from({ length: 51 }, () => ({
            path: "a.yaml",
            start_line: 1,
            end_line: 1,
            annotation_level: "warning",
            message: "m",
          })),
        },
      },
      "body.output.annotations must have at most 50 items (got 51)",
    ],
    [
      "check run summary over 65535 characters",
      "POST",
      "/repos/acme/gitops/check-runs",
      { name: "bumpwarden", head_sha: SHA, output: { title: "t", summary: "x".repeat(65_536) } },
      "body.output.summary must be at most 65535 characters long (got 65536)",
    ],
    [
      "completed check run without conclusion",
      "PATCH",
      "/repos/acme/gitops/check-runs/4",
      { status: "completed" },
      'body must match one of: (body.conclusion is required) or (body.status must be one of queued, in_progress (got "completed"))',
    ],
    [
      "annotation level",
      "POST",
      "/repos/acme/gitops/check-runs",
      {
        name: "b",
        head_sha: SHA,
        output: {
          title: "t",
          summary: "s",
          annotations: [
            { path: "a", start_line: 1, end_line: 1, annotation_level: "error", message: "m" },
          ],
        },
      },
      'body.output.annotations[0].annotation_level must be one of notice, warning, failure (got "error")',
    ],
    [
      "date-time format",
      "POST",
      "/repos/acme/gitops/check-runs",
      { name: "b", head_sha: SHA, started_at: "yesterday" },
      'body.started_at must be a date-time (got "yesterday")',
    ],
    [
      "reaction content",
      "POST",
      "/repos/acme/gitops/issues/comments/9/reactions",
      { content: "thumbsup" },
      'body.content must be one of +1, -1, laugh, confused, heart, hooray, rocket, eyes (got "thumbsup")',
    ],
    [
      "ref update force type",
      "PATCH",
      "/repos/acme/gitops/git/refs/heads/main",
      { sha: SHA, force: "false" },
      'body.force must be boolean (got string "false")',
    ],
    [
      "labels as a string",
      "POST",
      "/repos/acme/gitops/issues/3/labels",
      { labels: "dependencies" },
      "body.labels must be array",
    ],
    [
      "nullable field with a wrong type",
      "PATCH",
      "/repos/acme/gitops/issues/3",
      { milestone: true },
      "body.milestone must match one of: (body.milestone must be string (got boolean true)) or (body.milestone must be integer (got boolean true)) (or null)",
    ],
  ])("catches %s", (_name, method, url, body, expected) => {
    const problems = validateRestRequest({ method, url: `${API}${url}`, body });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(expected);
  });
});

describe("REST requests GitHub accepts", () => {
  it.each([
    ["GET", "/app/installations?per_page=100", undefined],
    [
      "POST",
      "/app/installations/42/access_tokens",
      { repositories: ["gitops"], permissions: { contents: "write", pull_requests: "write" } },
    ],
    ["GET", "/installation/repositories?per_page=100&page=2", undefined],
    ["GET", "/repos/acme/gitops", undefined],
    ["GET", "/repos/acme/gitops/contents/.github%2Fbumpwarden.yml?ref=main", undefined],
    ["GET", "/repos/acme/gitops/contents/clusters/prod/api.yaml", undefined],
    ["GET", "/repos/acme/gitops/contents/?ref=main", undefined],
    ["GET", "/repos/acme/gitops/git/trees/main?recursive=1", undefined],
    ["GET", "/repos/acme/gitops/git/ref/heads%2Fbumpwarden%2Fprod%2Fapi", undefined],
    ["GET", "/repos/acme/gitops/git/matching-refs/heads/bumpwarden/", undefined],
    ["POST", "/repos/acme/gitops/git/refs", { ref: "refs/heads/bumpwarden/prod/api", sha: SHA }],
    ["PATCH", "/repos/acme/gitops/git/refs/heads/bumpwarden/prod/api", { sha: SHA, force: false }],
    [
      "POST",
      "/repos/acme/gitops/git/blobs",
      { content: "aW1hZ2U6IGFjbWUvYXBpOjEuOC4w", encoding: "base64" },
    ],
    [
      "POST",
      "/repos/acme/gitops/git/trees",
      { base_tree: SHA, tree: [{ path: "apps/api.yaml", mode: "100644", type: "blob", sha: SHA }] },
    ],
    [
      "POST",
      "/repos/acme/gitops/git/commits",
      { message: "chore(deps): bump", tree: SHA, parents: [SHA] },
    ],
    ["GET", "/repos/acme/gitops/compare/main...bumpwarden%2Fprod%2Fapi", undefined],
    ["GET", "/repos/acme/gitops/compare/main...bumpwarden/prod/api?per_page=1", undefined],
    [
      "GET",
      "/repos/acme/gitops/pulls?state=open&head=acme%3Abumpwarden%2Fprod%2Fapi&per_page=100",
      undefined,
    ],
    [
      "POST",
      "/repos/acme/gitops/pulls",
      {
        title: "chore(deps): bump acme/api to 1.8.0 in prod",
        head: "bumpwarden/prod/api",
        base: "main",
        body: "…",
        draft: false,
        maintainer_can_modify: true,
      },
    ],
    [
      "PATCH",
      "/repos/acme/gitops/pulls/12",
      { title: "chore(deps): bump acme/api to 1.9.0 in prod", state: "closed" },
    ],
    ["GET", "/repos/acme/gitops/pulls/12/files?per_page=100", undefined],
    [
      "POST",
      "/repos/acme/gitops/pulls/12/requested_reviewers",
      { reviewers: ["octocat"], team_reviewers: ["platform"] },
    ],
    [
      "POST",
      "/repos/acme/gitops/pulls/12/reviews",
      {
        commit_id: SHA,
        event: "COMMENT",
        body: "bumpwarden review",
        comments: [
          {
            path: "apps/api.yaml",
            line: 7,
            side: "RIGHT",
            body: "```suggestion\nimage: acme/api:1.8.0@sha256:abc\n```",
          },
        ],
      },
    ],
    [
      "POST",
      "/repos/acme/gitops/pulls/12/comments",
      {
        body: "multi-line",
        commit_id: SHA,
        path: "apps/api.yaml",
        start_line: 5,
        start_side: "RIGHT",
        line: 7,
        side: "RIGHT",
      },
    ],
    ["PUT", "/repos/acme/gitops/pulls/12/merge", ""],
    ["PUT", "/repos/acme/gitops/pulls/12/merge", { merge_method: "squash", sha: SHA }],
    ["POST", "/repos/acme/gitops/issues/12/comments", { body: "Done." }],
    ["POST", "/repos/acme/gitops/issues/comments/99/reactions", { content: "+1" }],
    ["POST", "/repos/acme/gitops/issues/12/labels", { labels: ["dependencies", "prod"] }],
    ["PATCH", "/repos/acme/gitops/issues/12", { milestone: null, labels: ["a", { name: "b" }] }],
    [
      "POST",
      "/repos/acme/gitops/check-runs",
      {
        name: "bumpwarden",
        head_sha: SHA,
        status: "completed",
        conclusion: "failure",
        completed_at: "2025-06-12T14:03:11Z",
        output: {
          title: "2 problems",
          summary: "…",
          annotations: [
            {
              path: "apps/api.yaml",
              start_line: 7,
              end_line: 7,
              annotation_level: "failure",
              message: "image uses :latest",
            },
          ],
        },
      },
    ],
    ["PATCH", "/repos/acme/gitops/check-runs/4", { status: "completed", conclusion: "success" }],
    [
      "POST",
      "/repos/acme/gitops/statuses/" + SHA,
      { state: "pending", context: "bumpwarden/soak", description: "prod soak: 3h left" },
    ],
    ["GET", "/repos/acme/gitops/commits/bumpwarden/prod/api/check-runs", undefined],
    ["GET", "/repos/acme/gitops/collaborators/octocat/permission", undefined],
    ["GET", "/repos/acme/api/actions/runs/30433642/artifacts", undefined],
    ["GET", "/orgs/acme/packages/container/api/versions?per_page=100&state=active", undefined],
    ["GET", "/search/issues?q=repo%3Aacme%2Fgitops+is%3Apr+label%3Adependencies", undefined],
    ["HEAD", "/repos/acme/gitops", undefined],
  ])("%s %s", (method, url, body) => {
    expect(validateRestRequest({ method, url: `${API}${url}`, body })).toEqual([]);
  });

  it("reads bodies given as JSON text (what a server receives)", () => {
    const body = JSON.stringify({
      body: "ok",
      commit_id: SHA,
      path: "a.yaml",
      line: 1,
      side: "RIGHT",
    });
    expect(
      validateRestRequest({ method: "POST", url: "/repos/a/b/pulls/1/comments", body }),
    ).toEqual([]);
  });

  it("accepts GHES base URLs and GitHub's /repositories/{id} pagination links", () => {
    expect(
      validateRestRequest({ method: "GET", url: "http://127.0.0.1:9/api/v3/repos/a/b/pulls/1" }),
    ).toEqual([]);
    expect(
      validateRestRequest({ method: "GET", url: `${API}/repositories/42/pulls?page=2` }),
    ).toEqual([]);
  });
});

describe("route matching", () => {
  it.each([
    ["GET", "/repos/a/b/pulls/comments", "GET /repos/{owner}/{repo}/pulls/comments", {}],
    [
      "GET",
      "/repos/a/b/pulls/7",
      "GET /repos/{owner}/{repo}/pulls/{pull_number}",
      { pull_number: "7" },
    ],
    [
      "GET",
      "/repos/a/b/contents/apps/prod/api.yaml",
      "GET /repos/{owner}/{repo}/contents/{path}",
      { path: "apps/prod/api.yaml" },
    ],
    [
      "GET",
      "/repos/a/b/contents/apps%2Fprod%2Fapi.yaml",
      "GET /repos/{owner}/{repo}/contents/{path}",
      { path: "apps/prod/api.yaml" },
    ],
    [
      "GET",
      "/repos/a/b/commits/feature/x/status",
      "GET /repos/{owner}/{repo}/commits/{ref}/status",
      { ref: "feature/x" },
    ],
    [
      "GET",
      "/repos/a/b/compare/main...v2",
      "GET /repos/{owner}/{repo}/compare/{base}...{head}",
      { base: "main", head: "v2" },
    ],
  ])("%s %s → %s", (method, path, key, params) => {
    const lookup = matchRoute(method, path);
    expect(lookup.found && lookup.match.key).toBe(key);
    expect(lookup.found && lookup.match.params).toMatchObject({ owner: "a", repo: "b", ...params });
  });

  it("does not let a single-segment parameter swallow slashes", () => {
    expect(matchRoute("GET", "/repos/a/b/pulls/7/extra").found).toBe(false);
  });
});

describe("GraphQL requests", () => {
  const commit = `mutation Commit($input: CreateCommitOnBranchInput!) {
    createCommitOnBranch(input: $input) { commit { oid url } }
  }`;
  const input = {
    branch: { repositoryNameWithOwner: "acme/gitops", branchName: "bumpwarden/prod/api" },
    message: { headline: "chore(deps): bump acme/api to 1.8.0 in prod" },
    expectedHeadOid: SHA,
    fileChanges: {
      additions: [{ path: "apps/api.yaml", contents: "aW1hZ2U6IGFjbWUvYXBpOjEuOC4w" }],
    },
  };

  it("catches an invalid field, with where it is", () => {
    const problems = validateGraphqlRequest({
      query: 'query { repository(owner: "acme", name: "gitops") { id defaultBranch } }',
    });
    expect(problems).toEqual([
      'GraphQL: Cannot query field "defaultBranch" on type "Repository". Did you mean "defaultBranchRef"? (at 1:56)',
    ]);
  });

  it("accepts a valid mutation with valid variables", () => {
    expect(validateGraphqlRequest({ query: commit, variables: { input } })).toEqual([]);
  });

  it("catches variables that do not fit their declared types", () => {
    const wrong = {
      ...input,
      fileChanges: { additions: [{ path: "apps/api.yaml", content: "eA==" }] },
    };
    const problems = validateGraphqlRequest({ query: commit, variables: { input: wrong } });
    expect(problems.join("\n")).toContain(
      'GraphQL mutation Commit: Variable "$input" got invalid value { path: "apps/api.yaml", content: "eA==" } at "input.fileChanges.additions[0]"; Field "contents" of required type "Base64String!" was not provided.',
    );
    expect(validateGraphqlRequest({ query: commit, variables: {} })).toEqual([
      'GraphQL mutation Commit: Variable "$input" of required type "CreateCommitOnBranchInput!" was not provided.',
    ]);
  });

  it("enforces GitHub's pagination rules the schema does not state", () => {
    const unbounded = validateGraphqlRequest({
      query: "query($o: String!) { repositoryOwner(login: $o) { repositories { totalCount } } }",
      variables: { o: "acme" },
    });
    expect(unbounded[0]).toContain(
      "You must provide a `first` or `last` value to properly paginate the `repositories` connection.",
    );
    const sized =
      "query($o: String!, $n: Int) { repositoryOwner(login: $o) { repositories(first: $n) { totalCount } } }";
    expect(validateGraphqlRequest({ query: sized, variables: { o: "acme", n: 100 } })).toEqual([]);
    expect(validateGraphqlRequest({ query: sized, variables: { o: "acme", n: 101 } })).toEqual([
      "GraphQL query (anonymous): $n is the page size of `repositories` and must be between 1 and 100 (got 101)",
    ]);
    expect(validateGraphqlRequest({ query: sized, variables: { o: "acme" } })[0]).toContain(
      "($n is null)",
    );
  });

  it("reports syntax errors and ambiguous documents", () => {
    expect(validateGraphqlRequest({ query: "query { viewer { login " })).toEqual([
      "GraphQL: Syntax Error: Expected Name, found <EOF>. (at 1:24)",
    ]);
    const two = "query A { viewer { login } } query B { viewer { id } }";
    expect(validateGraphqlRequest({ query: two })).toEqual([
      "GraphQL: the document has several operations and the request names none",
    ]);
    expect(validateGraphqlRequest({ query: two, operationName: "B" })).toEqual([]);
  });

  it("is reached through validateRestRequest for POST /graphql and GHES /api/graphql", () => {
    expect(isGraphqlUrl("http://127.0.0.1:1/api/graphql")).toBe(true);
    const body = JSON.stringify({ query: "{ viewer { nope } }" });
    const problems = validateRestRequest({ method: "POST", url: `${API}/graphql`, body });
    expect(problems[0]).toContain('Cannot query field "nope" on type "User"');
  });
});

describe("vendored description", () => {
  it("compiles every vendored operation, and each is a route of api.github.com", () => {
    const routes = JSON.parse(
      readFileSync(new URL("../../sim/github-schema/routes.json", import.meta.url), "utf8"),
    ) as { routes: Record<string, unknown> };
    const keys = compileAllOperations();
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys) expect(routes.routes).toHaveProperty([key]);
  });
});
