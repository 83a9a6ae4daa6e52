import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createMetrics,
  instrumentOctokit,
  measuredJobHandler,
  rateLimitMetricsPlugin,
  recordRegistryRateLimit,
} from "../../src/adapters/metrics/index.js";
import { ProbotOctokit } from "probot";
import { PermanentJobError } from "../../src/ports/queue.js";
import { createTestOctokit, validateRequests } from "../harness/octokit.js";

/** The value of one sample in Prometheus text exposition, or undefined when absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(",") : [];
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length)
      return Number(match[3]);
  }
  return undefined;
}

describe("metrics exposition", () => {
  it("exposes every named metric with HELP and TYPE lines", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const text = await metrics.registry.metrics();
    for (const [name, type] of [
      ["bumpwarden_events_received_total", "counter"],
      ["bumpwarden_queue_depth", "gauge"],
      ["bumpwarden_job_duration_seconds", "histogram"],
      ["bumpwarden_pull_requests_total", "counter"],
      ["bumpwarden_review_findings_total", "counter"],
      ["bumpwarden_github_rate_limit_remaining", "gauge"],
      ["bumpwarden_registry_rate_limit_remaining", "gauge"],
      ["bumpwarden_retries_total", "counter"],
      ["bumpwarden_dead_letters_total", "counter"],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
      expect(text).toMatch(new RegExp(`# HELP ${name} \\S`));
    }
  });

  it("counts events, pull requests, findings, retries and dead letters with their labels", async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.eventReceived("dockerhub", "accepted");
    metrics.eventReceived("dockerhub", "accepted");
    metrics.eventReceived("harbor", "refused");
    metrics.eventReceived("github", "duplicate", 3);
    metrics.pullRequest("opened");
    metrics.pullRequest("closed", 2);
    metrics.reviewFindings({ error: 2, warning: 1, notice: 0 });
    metrics.retry("job");
    metrics.deadLetter("image-pushed");
    const text = await metrics.registry.metrics();
    expect(
      sample(text, "bumpwarden_events_received_total", {
        source: "dockerhub",
        outcome: "accepted",
      }),
    ).toBe(2);
    expect(
      sample(text, "bumpwarden_events_received_total", { source: "harbor", outcome: "refused" }),
    ).toBe(1);
    expect(
      sample(text, "bumpwarden_events_received_total", { source: "github", outcome: "duplicate" }),
    ).toBe(3);
    expect(sample(text, "bumpwarden_pull_requests_total", { action: "opened" })).toBe(1);
    expect(sample(text, "bumpwarden_pull_requests_total", { action: "closed" })).toBe(2);
    expect(sample(text, "bumpwarden_review_findings_total", { severity: "error" })).toBe(2);
    expect(sample(text, "bumpwarden_review_findings_total", { severity: "warning" })).toBe(1);
    expect(
      sample(text, "bumpwarden_review_findings_total", { severity: "notice" }),
    ).toBeUndefined();
    expect(sample(text, "bumpwarden_retries_total", { component: "job" })).toBe(1);
    expect(sample(text, "bumpwarden_dead_letters_total", { job: "image-pushed" })).toBe(1);
  });

  it("times jobs into the latency histogram", async () => {
    let clock = 100;
    const metrics = createMetrics({ processMetrics: false, now: () => clock });
    const end = metrics.startJob("image-pushed");
    clock += 3.2;
    expect(end("success")).toBeCloseTo(3.2);
    metrics.observeJob("image-pushed", "retry", 0.02);
    const text = await metrics.registry.metrics();
    const labels = { job: "image-pushed", outcome: "success" };
    expect(sample(text, "bumpwarden_job_duration_seconds_count", labels)).toBe(1);
    expect(sample(text, "bumpwarden_job_duration_seconds_sum", labels)).toBeCloseTo(3.2);
    expect(sample(text, "bumpwarden_job_duration_seconds_bucket", { le: "2.5", ...labels })).toBe(
      0,
    );
    expect(sample(text, "bumpwarden_job_duration_seconds_bucket", { le: "5", ...labels })).toBe(1);
    expect(
      sample(text, "bumpwarden_job_duration_seconds_bucket", {
        le: "0.05",
        job: "image-pushed",
        outcome: "retry",
      }),
    ).toBe(1);
  });

  it("reads queue depth from the queue at scrape time", async () => {
    const metrics = createMetrics({ processMetrics: false });
    let waiting = 4;
    metrics.watchQueue("ingest", {
      stats: async () => ({ waiting, active: 1, delayed: 2, deadLetters: 3 }),
    });
    let text = await metrics.registry.metrics();
    expect(sample(text, "bumpwarden_queue_depth", { queue: "ingest", state: "waiting" })).toBe(4);
    expect(sample(text, "bumpwarden_queue_depth", { queue: "ingest", state: "dead" })).toBe(3);
    waiting = 0;
    text = await metrics.registry.metrics();
    expect(sample(text, "bumpwarden_queue_depth", { queue: "ingest", state: "waiting" })).toBe(0);
  });

  it("leaves a queue whose stats fail out of the scrape instead of failing it", async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.watchQueue("broken", { stats: () => Promise.reject(new Error("redis down")) });
    const text = await metrics.registry.metrics();
    expect(
      sample(text, "bumpwarden_queue_depth", { queue: "broken", state: "waiting" }),
    ).toBeUndefined();
  });

  it("includes Node.js process metrics by default", async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
  });
});

describe("GitHub rate-limit hook", () => {
  const headers = (remaining: number, resource = "core") => ({
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-resource": resource,
  });

  it("records x-ratelimit-remaining of responses and errors, per installation and resource", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const octokit = createTestOctokit();
    instrumentOctokit(octokit, metrics, { installation: 42 });
    instrumentOctokit(octokit, metrics, { installation: 42 }); // idempotent
    nock("https://api.github.com")
      .get("/repos/acme/gitops")
      .reply(200, { id: 1 }, headers(4999))
      .get("/repos/acme/missing")
      .reply(404, { message: "Not Found" }, headers(4998))
      .post("/graphql")
      .reply(200, { data: { viewer: { login: "x" } } }, headers(4990, "graphql"));
    await octokit.rest.repos.get({ owner: "acme", repo: "gitops" });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "missing" })).rejects.toMatchObject({
      status: 404,
    });
    await octokit.graphql("query { viewer { login } }");
    const text = await metrics.registry.metrics();
    const core = { installation: "42", resource: "core" };
    expect(sample(text, "bumpwarden_github_rate_limit_remaining", core)).toBe(4998);
    expect(sample(text, "bumpwarden_github_rate_limit_limit", core)).toBe(5000);
    expect(
      sample(text, "bumpwarden_github_rate_limit_remaining", {
        installation: "42",
        resource: "graphql",
      }),
    ).toBe(4990);
  });

  it("counts the retries @octokit/plugin-retry made, once per request", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const RetryingOctokit = ProbotOctokit.plugin(validateRequests);
    const octokit = new RetryingOctokit({
      auth: { token: "ghs_test" },
      throttle: { enabled: false },
      retry: { enabled: true, retryAfterBaseValue: 1 },
    });
    instrumentOctokit(octokit, metrics, { installation: 7 });
    nock("https://api.github.com")
      .get("/repos/acme/gitops")
      .reply(502, "bad gateway")
      .get("/repos/acme/gitops")
      .reply(502, "bad gateway")
      .get("/repos/acme/gitops")
      .reply(200, { id: 1 }, headers(4000));
    await octokit.rest.repos.get({ owner: "acme", repo: "gitops" });
    const text = await metrics.registry.metrics();
    expect(sample(text, "bumpwarden_retries_total", { component: "github" })).toBe(2);
    expect(
      sample(text, "bumpwarden_github_rate_limit_remaining", {
        installation: "7",
        resource: "core",
      }),
    ).toBe(4000);
  });

  it("as an Octokit plugin, labels by the installation its auth options name", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const Instrumented = ProbotOctokit.plugin(validateRequests, rateLimitMetricsPlugin(metrics));
    const octokit = new Instrumented({
      auth: { token: "ghs_test", installationId: 9 },
      throttle: { enabled: false },
      retry: { enabled: false },
    });
    nock("https://api.github.com").get("/repos/acme/gitops").reply(200, { id: 1 }, headers(3000));
    await octokit.rest.repos.get({ owner: "acme", repo: "gitops" });
    const text = await metrics.registry.metrics();
    expect(
      sample(text, "bumpwarden_github_rate_limit_remaining", {
        installation: "9",
        resource: "core",
      }),
    ).toBe(3000);
  });

  it("ignores responses without rate-limit headers", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const octokit = createTestOctokit();
    instrumentOctokit(octokit, metrics);
    nock("https://api.github.com").get("/repos/acme/gitops").reply(200, { id: 1 });
    await octokit.rest.repos.get({ owner: "acme", repo: "gitops" });
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/^bumpwarden_github_rate_limit_remaining\{/m);
  });
});

describe("registry rate-limit headers", () => {
  it("parses Docker Hub's `ratelimit-remaining: 76;w=21600`", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const headers = new Headers({
      "ratelimit-limit": "100;w=21600",
      "ratelimit-remaining": "76;w=21600",
    });
    expect(recordRegistryRateLimit(metrics, "registry-1.docker.io", headers)).toBe(76);
    expect(recordRegistryRateLimit(metrics, "ghcr.io", { "x-ratelimit-remaining": ["12"] })).toBe(
      12,
    );
    expect(recordRegistryRateLimit(metrics, "quay.io", {})).toBeUndefined();
    const text = await metrics.registry.metrics();
    expect(
      sample(text, "bumpwarden_registry_rate_limit_remaining", {
        registry: "registry-1.docker.io",
      }),
    ).toBe(76);
    expect(
      sample(text, "bumpwarden_registry_rate_limit_limit", { registry: "registry-1.docker.io" }),
    ).toBe(100);
    expect(sample(text, "bumpwarden_registry_rate_limit_remaining", { registry: "ghcr.io" })).toBe(
      12,
    );
    expect(
      sample(text, "bumpwarden_registry_rate_limit_remaining", { registry: "quay.io" }),
    ).toBeUndefined();
  });
});

describe("measuredJobHandler", () => {
  const job = (attempt: number) => ({
    id: `j${attempt}`,
    name: "image-pushed",
    key: "image:ghcr.io/acme/api",
    data: {},
    attempt,
    fencingToken: 1,
    signal: new AbortController().signal,
  });

  it("times runs and counts failures as the queue will treat them", async () => {
    let clock = 0;
    const metrics = createMetrics({ processMetrics: false, now: () => clock });
    let fail: Error | undefined;
    const handler = measuredJobHandler(
      async () => {
        clock += 2;
        if (fail) throw fail;
      },
      { metrics, maxAttempts: 3 },
    );
    await handler(job(1));
    fail = new Error("GitHub 502");
    await expect(handler(job(1))).rejects.toBe(fail); // retried
    await expect(handler(job(3))).rejects.toBe(fail); // last attempt: dead
    fail = new PermanentJobError("no such repository");
    await expect(handler(job(1))).rejects.toBe(fail); // dead at once
    const text = await metrics.registry.metrics();
    const count = (outcome: string) =>
      sample(text, "bumpwarden_job_duration_seconds_count", { job: "image-pushed", outcome });
    expect([count("success"), count("retry"), count("dead")]).toEqual([1, 1, 2]);
    expect(
      sample(text, "bumpwarden_job_duration_seconds_sum", { job: "image-pushed", outcome: "dead" }),
    ).toBe(4);
    expect(sample(text, "bumpwarden_retries_total", { component: "job" })).toBe(1);
    expect(sample(text, "bumpwarden_dead_letters_total", { job: "image-pushed" })).toBe(2);
  });
});
