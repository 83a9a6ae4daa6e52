import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubGitHost } from "../../../src/adapters/github/git-host.js";
import { retryDecision } from "../../../src/adapters/queue/retry-delay.js";
import { githubWaitMs, withGitHubRetryHints } from "../../../src/drivers/worker/retry-hint.js";
import type { Job } from "../../../src/ports/queue.js";
import {
  PermanentJobError,
  RetryLaterError,
  defaultRetryPolicy,
} from "../../../src/ports/queue.js";
import { createTestOctokit } from "../../harness/octokit.js";
import type { TestOctokit } from "../../harness/octokit.js";
import { world } from "../../sim/helpers.js";
import type { World } from "../../sim/helpers.js";

/**
 * The app's Octokit has retries and throttling off (the queue retries): GitHub's "wait" answers,
 * as the simulator words them, must reach the queue as the wait they ask for.
 */
let w: World;
let octokit: TestOctokit;
beforeAll(async () => {
  w = await world();
  octokit = createTestOctokit({ baseUrl: w.sim.url, token: w.token });
});
afterAll(() => w.sim.close());

const job: Job<null> = {
  id: "j1",
  name: "bump-repo",
  key: "repo:acme/gitops",
  data: null,
  attempt: 1,
  fencingToken: 1,
  signal: new AbortController().signal,
};
const labels = () =>
  octokit.request("GET /repos/{owner}/{repo}/labels", { owner: "acme", repo: "gitops" });
const viewer = () => octokit.graphql("query { viewer { login } }");

/** What the worker throws to the queue when `call` fails, and the delay the queue then picks. */
async function handed(
  call: () => Promise<unknown>,
): Promise<{ error: unknown; delayMs: number | null }> {
  const handler = withGitHubRetryHints<null>(async () => {
    await call();
  });
  try {
    await handler(job);
  } catch (error) {
    const decision = retryDecision(error, 1, defaultRetryPolicy, Date.now(), () => 0);
    return { error, delayMs: decision.retry ? decision.delayMs : null };
  }
  throw new Error("the call did not fail");
}

describe("GitHub's wait answers become RetryLaterErrors with the wait they ask for", () => {
  it.each([
    [
      "REST, secondary limit 403",
      () => labels(),
      { kind: "secondary" as const, status: 403 as const, retryAfter: 7 },
      7_000,
    ],
    [
      "REST, secondary limit 429",
      () => labels(),
      { kind: "secondary" as const, status: 429 as const, retryAfter: 3 },
      3_000,
    ],
    [
      "GraphQL, secondary limit 403",
      () => viewer(),
      { kind: "secondary" as const, status: 403 as const, retryAfter: 5 },
      5_000,
    ],
    [
      "REST, primary limit exhausted",
      () => labels(),
      { kind: "primary" as const, status: 403 as const, retryAfter: 90 },
      90_000,
    ],
    [
      "GraphQL, primary limit exhausted (200 + RATE_LIMITED)",
      () => viewer(),
      { kind: "primary" as const, status: 403 as const, retryAfter: 120 },
      120_000,
    ],
  ])("%s", async (_name, call, fault, waitMs) => {
    w.sim.inject.rateLimit({ ...fault, times: 1 });
    const { error, delayMs } = await handed(call);
    expect(error).toBeInstanceOf(RetryLaterError);
    // The reset is a whole second: up to a second early, never later than asked plus a second.
    expect((error as RetryLaterError).retryAfterMs).toBeGreaterThan(waitMs - 1_000);
    expect((error as RetryLaterError).retryAfterMs).toBeLessThanOrEqual(waitMs + 1_000);
    expect(delayMs).toBe((error as RetryLaterError).retryAfterMs);
    expect((error as Error).message).toMatch(/^GitHub asked to wait \d+ s: /);
  });

  it("leaves other failures alone: a 502 keeps its own backoff, a permanent error stays permanent", async () => {
    w.sim.inject.error({ status: 502, times: 1 });
    const failed = await handed(() => labels());
    expect(failed.error).not.toBeInstanceOf(RetryLaterError);
    expect((failed.error as { status?: number }).status).toBe(502);
    expect(failed.delayMs).toBe(500); // half of the first 1 s backoff, with the jitter at 0
    expect(githubWaitMs(new PermanentJobError("bad image.json"), Date.now())).toBeNull();
    const permanent = await handed(async () => {
      throw new PermanentJobError("bad image.json");
    });
    expect(permanent).toEqual({ error: expect.any(PermanentJobError), delayMs: null });
  });

  it("a rate-limited bump write is rethrown by the GitHub writer, not reported as a failed write", async () => {
    const host = new GitHubGitHost(octokit);
    const view = await host.view(
      { owner: "acme", name: "gitops" },
      { files: [], branches: ["bumpwarden/dev/x"] },
    );
    w.sim.inject.rateLimit({ kind: "primary", retryAfter: 30, times: 1 });
    const write = host.writeBump({
      repo: { owner: "acme", name: "gitops" },
      repositoryId: view.id,
      baseBranch: view.defaultBranch,
      baseOid: view.headOid,
      branch: "bumpwarden/dev/x",
      refId: null,
      headOid: null,
      pullRequestId: null,
      files: [{ path: "README.md", contents: "# changed\n" }],
      message: { headline: "chore: x", body: "" },
      title: "chore: x",
      body: "x",
    });
    await expect(write).rejects.toMatchObject({
      name: "GraphqlResponseError",
      errors: [{ type: "RATE_LIMITED" }],
    });
    expect(githubWaitMs(await write.catch((e: unknown) => e), Date.now())).toBeGreaterThan(28_000);
  });
});
