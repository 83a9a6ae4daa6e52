import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, test } from "vitest";
import { status, world, type World } from "./helpers.js";

let w: World;
afterEach(async () => {
  expect(w.sim.violations).toEqual([]);
  await w.sim.close();
});

const PULLS = "GET /repos/{owner}/{repo}/pulls";

async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

describe("fault injection", () => {
  test("latency applies to the matching route only", async () => {
    w = await world();
    w.sim.inject.latency(400, { route: PULLS });
    const delayed = await elapsed(() => w.octokit.rest.pulls.list(w.repo));
    const other = await elapsed(() => w.octokit.rest.repos.get(w.repo));
    // A lower bound only (timers never fire early); the other route is compared, not timed.
    expect(delayed).toBeGreaterThanOrEqual(395);
    expect(other).toBeLessThan(delayed);
  });

  test("5xx for the next N requests of a route, then normal service", async () => {
    w = await world();
    w.sim.inject.error({ route: PULLS, status: 502, times: 2 });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await status(w.octokit.rest.pulls.list(w.repo)));
    expect(results).toEqual([502, 502, 200]);
    expect(await status(w.octokit.rest.repos.get(w.repo))).toBe(200);
  });

  test("probabilistic errors replay identically for the same seed", async () => {
    const run = async (seed: number): Promise<number[]> => {
      w = await world(undefined, { seed });
      w.sim.inject.error({ status: 500, probability: 0.5, route: PULLS });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push(await status(w.octokit.rest.pulls.list(w.repo)));
      await w.sim.close();
      return out;
    };
    const a = await run(7);
    const b = await run(7);
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([200, 500]));
    w = await world();
  });

  test("an error after the request took effect: the client sees 502 but the branch exists", async () => {
    w = await world();
    const main = w.sim.state.repo(w.full)?.refs.get("refs/heads/main") ?? "";
    w.sim.inject.error({ route: "POST /repos/{owner}/{repo}/git/refs", phase: "after", times: 1 });
    expect(
      await status(
        w.octokit.rest.git.createRef({ ...w.repo, ref: "refs/heads/lost-response", sha: main }),
      ),
    ).toBe(502);
    expect(w.sim.state.repo(w.full)?.refs.get("refs/heads/lost-response")).toBe(main);
  });

  test("secondary rate limit: 403 with retry-after and GitHub's message; 429 and primary limits too", async () => {
    w = await world();
    w.sim.inject.rateLimit({
      route: "POST /repos/{owner}/{repo}/issues",
      retryAfter: 30,
      times: 1,
    });
    const limited = w.octokit.rest.issues.create({ ...w.repo, title: "x" });
    await expect(limited).rejects.toMatchObject({
      status: 403,
      response: { headers: { "retry-after": "30" } },
    });
    await expect(w.octokit.rest.issues.create({ ...w.repo, title: "x" })).resolves.toMatchObject({
      status: 201,
    });
    w.sim.inject.rateLimit({ status: 429, retryAfter: 2, times: 1 });
    await expect(w.octokit.rest.repos.get(w.repo)).rejects.toMatchObject({
      status: 429,
      response: { headers: { "retry-after": "2" } },
    });
    w.sim.inject.rateLimit({ kind: "primary", times: 1 });
    await expect(w.octokit.rest.repos.get(w.repo)).rejects.toMatchObject({
      status: 403,
      response: { headers: { "x-ratelimit-remaining": "0" } },
    });
    w.sim.inject.rateLimit({ route: "POST /repos/{owner}/{repo}/issues", times: 1 });
    await expect(w.octokit.rest.issues.create({ ...w.repo, title: "y" })).rejects.toThrow(
      /You have exceeded a secondary rate limit/,
    );
  });

  test("Probot's Octokit (throttling plugin) recognises the secondary limit and retries after retry-after", async () => {
    w = await world();
    const seen: number[] = [];
    const octokit = new ProbotOctokit({
      baseUrl: w.sim.url,
      auth: { token: w.token },
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: (after: number) => (seen.push(after), seen.length < 2),
      },
    });
    w.sim.inject.rateLimit({ route: "POST /repos/{owner}/{repo}/issues", retryAfter: 1, times: 1 });
    await expect(
      octokit.rest.issues.create({ ...w.repo, title: "throttled" }),
    ).resolves.toMatchObject({ status: 201 });
    expect(seen).toEqual([1]);
  });

  test("conflict: someone moves the branch just before our write (REST ref update and createCommitOnBranch)", async () => {
    w = await world();
    const repo = w.sim.state.repo(w.full);
    const main = repo?.refs.get("refs/heads/main") ?? "";
    w.sim.human.createBranch(w.full, "bump", "main");
    const tree = repo?.git.commit(main)?.tree ?? "";
    const next = await w.octokit.rest.git.createCommit({
      ...w.repo,
      message: "bump",
      tree,
      parents: [main],
    });
    w.sim.inject.conflict({ repo: w.full, branch: "bump", times: 1 });
    await expect(
      w.octokit.rest.git.updateRef({ ...w.repo, ref: "heads/bump", sha: next.data.sha }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Update is not a fast forward" } },
    });
    expect(repo?.refs.get("refs/heads/bump")).not.toBe(main);

    w.sim.inject.conflict({ repo: w.full, branch: "bump", times: 1 });
    const head = repo?.refs.get("refs/heads/bump") ?? "";
    const input = {
      branch: { repositoryNameWithOwner: w.full, branchName: "bump" },
      expectedHeadOid: head,
      message: { headline: "chore: bump" },
      fileChanges: {
        additions: [{ path: "a.txt", contents: Buffer.from("a").toString("base64") }],
      },
    };
    const mutation = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`;
    await expect(w.octokit.graphql(mutation, { input })).rejects.toMatchObject({
      errors: [{ type: "STALE_DATA" }],
    });
    const fresh = { ...input, expectedHeadOid: repo?.refs.get("refs/heads/bump") ?? "" };
    await expect(w.octokit.graphql(mutation, { input: fresh })).resolves.toMatchObject({
      createCommitOnBranch: { commit: { oid: expect.any(String) } },
    });
  });

  test("faults match GraphQL operations by root field", async () => {
    w = await world();
    const head = w.sim.state.repo(w.full)?.refs.get("refs/heads/main") ?? "";
    w.sim.inject.error({ route: "graphql createCommitOnBranch", status: 502, times: 1 });
    await expect(
      w.octokit.graphql(`{ repository(owner: "acme", name: "gitops") { id } }`),
    ).resolves.toBeTruthy();
    const input = {
      branch: { repositoryNameWithOwner: w.full, branchName: "main" },
      expectedHeadOid: head,
      message: { headline: "chore: x" },
      fileChanges: { additions: [{ path: "x.txt", contents: "eA==" }] },
    };
    const mutation = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`;
    await expect(w.octokit.graphql(mutation, { input })).rejects.toMatchObject({ status: 502 });
    await expect(w.octokit.graphql(mutation, { input })).resolves.toBeTruthy();
    expect([
      w.sim.counts.get("graphql repository"),
      w.sim.counts.get("graphql createCommitOnBranch"),
      w.sim.counts.get("POST /graphql"),
    ]).toEqual([1, 2, 3]);
  });
});

describe("request counts", () => {
  test("count by method and route template, and reset", async () => {
    w = await world();
    await w.octokit.rest.pulls.list(w.repo);
    await w.octokit.rest.pulls.list(w.repo);
    await w.octokit.rest.repos.getContent({ ...w.repo, path: "README.md" });
    expect(w.sim.counts.get(PULLS)).toBe(2);
    expect(w.sim.counts.get("GET", "/repos/{owner}/{repo}/contents/{path}")).toBe(1);
    expect(w.sim.counts.total()).toBe(4);
    w.sim.counts.reset();
    expect(w.sim.counts.snapshot()).toEqual({});
  });
});
