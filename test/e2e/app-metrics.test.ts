import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld, AppWorldOptions } from "../../sim/app-world.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { webhookExample } from "../harness/webhooks.js";

/**
 * `/metrics` of the real app (createBumpwarden, the process's metrics) after real work on the
 * simulator: each family docs/operations.md lists is recorded by the production code path, not
 * only declared. The process's metrics are shared by the tests of this file, so each test compares
 * a scrape after its work with one before.
 */
let world: AppWorld | undefined;
afterEach(async () => {
  await world?.close();
  expect(world?.github.violations ?? []).toEqual([]);
  world = undefined;
});

async function start(options: AppWorldOptions = {}): Promise<AppWorld> {
  world = await startAppWorld({ Octokit: ValidatedProbotOctokit, ...options });
  return world;
}

type Scrape = (name: string, labels?: Record<string, string>) => number;

async function scrape(w: AppWorld): Promise<Scrape> {
  const response = await fetch(`${w.url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return (name, labels = {}) => {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    for (const line of text.split("\n")) {
      const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const have = match[2] ? match[2].split(",") : [];
      if (have.length === wanted.length && wanted.every((l) => have.includes(l)))
        return Number(match[3]);
    }
    return 0;
  };
}

/** How much each sample grew between two scrapes. */
const grew = (before: Scrape, after: Scrape) => (name: string, labels?: Record<string, string>) =>
  after(name, labels) - before(name, labels);

describe("the app's /metrics after real work", () => {
  it("counts the delivery, times its jobs and counts the PRs they opened", async () => {
    const w = await start();
    const before = await scrape(w);
    w.pushImage("acme/api", "1.8.0");
    expect((await w.notifyPush("ghcr.io/acme/api", "1.8.0")).status).toBe(202);
    await w.idle();
    const delta = grew(before, await scrape(w));

    expect(
      delta("bumpwarden_events_received_total", { source: "generic", outcome: "accepted" }),
    ).toBe(1);
    expect(
      delta("bumpwarden_job_duration_seconds_count", { job: "image-pushed", outcome: "success" }),
    ).toBe(1);
    expect(
      delta("bumpwarden_job_duration_seconds_count", { job: "bump-repo", outcome: "success" }),
    ).toBe(1);
    // The example repository has dev and staging without a gate between them: two PRs.
    expect(delta("bumpwarden_pull_requests_total", { action: "opened" })).toBe(2);
    const after = await scrape(w);
    expect(after("bumpwarden_queue_depth", { queue: "ingest", state: "waiting" })).toBe(0);

    // The same push again: a duplicate, and no new PR.
    expect((await w.notifyPush("ghcr.io/acme/api", "1.8.0")).status).toBe(202);
    await w.idle();
    const again = grew(after, await scrape(w));
    expect(
      again("bumpwarden_events_received_total", { source: "generic", outcome: "duplicate" }),
    ).toBe(1);
    expect(again("bumpwarden_pull_requests_total", { action: "opened" })).toBe(0);

    // GitHub tells the app about the dev PR: handled by the review and commit-check handlers.
    const repo = w.github.human.repo("acme/gitops");
    const pull = [...repo.pulls.values()][0];
    if (!pull) throw new Error("no pull request");
    const event = webhookExample("pull_request", "opened");
    event.number = pull.number;
    Object.assign(event.pull_request, {
      number: pull.number,
      state: "open",
      draft: false,
      head: {
        ...event.pull_request.head,
        ref: pull.head,
        sha: repo.refs.get(`refs/heads/${pull.head}`),
      },
    });
    Object.assign(event.repository, { name: "gitops", full_name: "acme/gitops" });
    event.repository.owner.login = "acme";
    event.installation = {
      id: w.installationId,
      node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==",
    };
    const beforeEvent = await scrape(w);
    expect((await w.deliver("pull_request", event)).status).toBe(200);
    const handled = grew(beforeEvent, await scrape(w));
    expect(
      handled("bumpwarden_events_received_total", { source: "github", outcome: "accepted" }),
    ).toBe(1);
  });

  it("counts a GitHub delivery with a wrong signature as refused", async () => {
    const w = await start();
    const before = await scrape(w);
    const body = JSON.stringify(webhookExample("pull_request", "opened"));
    const response = await fetch(`${w.url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": crypto.randomUUID(),
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body,
    });
    expect(response.status).toBe(400);
    const delta = grew(before, await scrape(w));
    expect(
      delta("bumpwarden_events_received_total", { source: "github", outcome: "refused" }),
    ).toBe(1);
    expect(
      delta("bumpwarden_events_received_total", { source: "github", outcome: "accepted" }),
    ).toBe(0);
  });

  it("counts a failed job's retry, then its dead letter", async () => {
    const w = await start({
      env: { BUMPWARDEN_JOB_MAX_ATTEMPTS: "2", BUMPWARDEN_JOB_RETRY_BASE_MS: "1" },
    });
    const before = await scrape(w);
    // GitHub fails every GraphQL request: the bump job cannot read the repository.
    w.github.inject.error({ route: "POST /graphql", status: 502 });
    w.pushImage("acme/api", "1.8.0");
    await w.notifyPush("ghcr.io/acme/api", "1.8.0");
    await w.idle();
    const delta = grew(before, await scrape(w));

    expect(delta("bumpwarden_retries_total", { component: "job" })).toBe(1);
    expect(delta("bumpwarden_dead_letters_total", { job: "bump-repo" })).toBe(1);
    expect(
      delta("bumpwarden_job_duration_seconds_count", { job: "bump-repo", outcome: "dead" }),
    ).toBe(1);
    expect(delta("bumpwarden_pull_requests_total", { action: "opened" })).toBe(0);
    const after = await scrape(w);
    expect(after("bumpwarden_queue_depth", { queue: "ingest", state: "dead" })).toBe(1);
  });
});
