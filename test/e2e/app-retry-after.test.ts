import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";

/**
 * GitHub's "wait" answers reach the app's queue and are waited out there: the worker's Octokit
 * neither retries nor sleeps, the job comes back no sooner than GitHub asked, and the PR opens.
 */
let world: AppWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A logger that keeps every line, so the queue's retry decisions can be read back. */
function recordingLog(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "info" }, sink), lines };
}

const pulls = (w: AppWorld) =>
  [...w.github.human.repo(w.repo).pulls.values()].map((p) => p.head).sort();

describe("rate limits through the whole app", () => {
  it.each([
    [
      "a secondary limit (403) on the bump mutation",
      { route: "graphql createRef", kind: "secondary" as const, status: 403 as const },
    ],
    [
      "a secondary limit (429) on the labels request",
      {
        route: "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
        kind: "secondary" as const,
        status: 429 as const,
      },
    ],
    [
      "an exhausted GraphQL budget (200 + RATE_LIMITED) on the repository read",
      { route: "graphql repository", kind: "primary" as const, status: 403 as const },
    ],
  ])("%s: the job waits the 2 s GitHub asked for, then opens the PRs", async (_name, fault) => {
    const { log, lines } = recordingLog();
    world = await startAppWorld({ Octokit: ValidatedProbotOctokit, log });
    const w = world;
    w.pushImage("acme/api", "1.8.0");
    w.github.inject.rateLimit({ ...fault, retryAfter: 2, times: 1 });
    const start = Date.now();
    await w.notifyPush("ghcr.io/acme/api", "1.8.0");
    await w.idle();
    expect(Date.now() - start).toBeGreaterThanOrEqual(1_000);
    const retries = lines.filter((l) => l.msg === "job failed, will retry");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({
      name: "bump-repo",
      attempt: 1,
      err: expect.stringMatching(/^RetryLaterError: GitHub asked to wait [12] s: /),
    });
    expect(retries[0]?.retryInMs).toBeGreaterThanOrEqual(1_000);
    expect(pulls(w)).toEqual([
      "bumpwarden/dev/ghcr.io-acme-api",
      "bumpwarden/staging/ghcr.io-acme-api",
    ]);
    expect(w.github.inject.injected()).toEqual({ [`${fault.kind} ${fault.status}`]: 1 });
    expect(await w.app.queue.deadLetters()).toEqual([]);
    expect(w.github.violations).toEqual([]);
  });

  it("the demo's default Octokit has Probot's throttling off too: a rate limit reaches the caller at once", async () => {
    world = await startAppWorld();
    const octokit = await world.probot.auth(world.installationId);
    world.github.inject.rateLimit({ kind: "primary", status: 403, retryAfter: 30, times: 1 });
    const start = Date.now();
    await expect(
      octokit.request("GET /repos/{owner}/{repo}/labels", { owner: "acme", repo: "gitops" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});
