import nock from "nock";
import { describe, expect, it } from "vitest";
import { GitHubReviewHost } from "../../../src/adapters/github/review-host.js";
import { formatFindingMarker } from "../../../src/core/review/report/marker.js";
import { createTestOctokit } from "../../harness/octokit.js";

const pr = { owner: "acme", name: "gitops", number: 7 };
const fp = (n: number) => `${n}`.padStart(20, "0");

function threadsPage(
  nodes: Array<[string, boolean, string, string, (number | null)?]>,
  next: string | null,
) {
  return {
    data: {
      viewer: { login: "bumpwarden[bot]" },
      repository: {
        defaultBranchRef: { target: { oid: "b".repeat(40) } },
        pullRequest: {
          headRefOid: "a".repeat(40),
          isDraft: false,
          reviewThreads: {
            pageInfo: { hasNextPage: next !== null, endCursor: next },
            nodes: nodes.map(([id, isResolved, login, body, line = null]) => ({
              id,
              isResolved,
              line,
              comments: { nodes: [{ body, author: { login } }] },
            })),
          },
        },
      },
    },
  };
}

describe("GitHubReviewHost (validated requests against GitHub's schema)", () => {
  it("reads the app's own threads across pages with their current line, and ignores markers others copied", async () => {
    const cursors: Array<string | null> = [];
    const seen = (b: { variables: { after: string | null } }) => (
      cursors.push(b.variables.after),
      true
    );
    nock("https://api.github.com")
      .post("/graphql", seen)
      .reply(
        200,
        threadsPage(
          [
            ["T1", false, "bumpwarden", `**error** x\n${formatFindingMarker(fp(1))}`, 12],
            ["T2", false, "mallory", `me too\n${formatFindingMarker(fp(2))}`],
            ["T3", false, "bumpwarden", "a reply without marker"],
          ],
          "c1",
        ),
      )
      .post("/graphql", seen)
      .reply(200, threadsPage([["T4", true, "bumpwarden[bot]", formatFindingMarker(fp(4))]], null));
    const state = await new GitHubReviewHost(createTestOctokit()).reviewState(pr);
    expect(cursors).toEqual([null, "c1"]);
    expect(state).toEqual({
      headOid: "a".repeat(40),
      draft: false,
      defaultBranchOid: "b".repeat(40),
      threads: [
        {
          id: "T1",
          resolved: false,
          fingerprint: fp(1),
          line: 12,
          body: `**error** x\n${formatFindingMarker(fp(1))}`,
        },
        {
          id: "T4",
          resolved: true,
          fingerprint: fp(4),
          line: null,
          body: formatFindingMarker(fp(4)),
        },
      ],
    });
  });

  it("resolves threads 50 to a request", async () => {
    const sizes: number[] = [];
    nock("https://api.github.com")
      .post(
        "/graphql",
        (b: { variables: Record<string, string> }) => (
          sizes.push(Object.keys(b.variables).length),
          true
        ),
      )
      .times(3)
      .reply(200, { data: {} });
    await new GitHubReviewHost(createTestOctokit()).resolveThreads(
      Array.from({ length: 120 }, (_, i) => `T${i}`),
    );
    expect(sizes).toEqual([50, 50, 20]);
  });

  it("pages through the PR's files and keeps patches, renames and removals", async () => {
    const page = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        sha: "c".repeat(40),
        filename: `apps/f${from + i}.yaml`,
        status: i === 0 ? "renamed" : i === 1 ? "removed" : "modified",
        additions: 1,
        deletions: 1,
        changes: 2,
        blob_url: "",
        raw_url: "",
        contents_url: "",
        ...(i === 0 && { previous_filename: `apps/old${from}.yaml` }),
        ...(i !== 2 && { patch: "@@ -1 +1 @@\n-a\n+b" }),
      }));
    nock("https://api.github.com")
      .get("/repos/acme/gitops/pulls/7/files")
      .query({ per_page: "100", page: "1" })
      .reply(200, page(100, 0))
      .get("/repos/acme/gitops/pulls/7/files")
      .query({ per_page: "100", page: "2" })
      .reply(200, page(3, 100));
    const { files, truncated } = await new GitHubReviewHost(createTestOctokit()).pullFiles(pr);
    expect(truncated).toBe(false);
    expect(files).toHaveLength(103);
    expect(files[100]).toEqual({
      path: "apps/f100.yaml",
      status: "renamed",
      previousPath: "apps/old100.yaml",
      patch: "@@ -1 +1 @@\n-a\n+b",
    });
    expect(files[102]).toEqual({ path: "apps/f102.yaml", status: "modified" });
  });

  it("creates a review with RIGHT-side lines and ranges, and turns a 422 into a value", async () => {
    let sent: unknown;
    nock("https://api.github.com")
      .post("/repos/acme/gitops/pulls/7/reviews", (b: unknown) => ((sent = b), true))
      .reply(200, { id: 99 })
      .post("/repos/acme/gitops/pulls/7/reviews")
      .reply(422, {
        message: "Unprocessable Entity",
        errors: ["pull_request_review_thread.line must be part of the diff"],
      });
    const host = new GitHubReviewHost(createTestOctokit());
    const review = {
      commitId: "a".repeat(40),
      body: "bumpwarden found 2 problems",
      comments: [
        { path: "a.yaml", line: 5, body: "x" },
        { path: "a.yaml", line: 9, startLine: 7, body: "y" },
      ],
    };
    expect(await host.createReview(pr, review)).toEqual({ ok: true, value: { id: 99 } });
    expect(sent).toEqual({
      commit_id: "a".repeat(40),
      event: "COMMENT",
      body: "bumpwarden found 2 problems",
      comments: [
        { path: "a.yaml", body: "x", line: 5, side: "RIGHT" },
        { path: "a.yaml", body: "y", line: 9, side: "RIGHT", start_line: 7, start_side: "RIGHT" },
      ],
    });
    const refused = await host.createReview(pr, review);
    expect(refused.ok).toBe(false);
  });
});
