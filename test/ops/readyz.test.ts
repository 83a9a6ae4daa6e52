import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMetrics } from "../../src/adapters/metrics/index.js";
import { cachedCheck } from "../../src/drivers/ops/cached-check.js";
import { createReadiness } from "../../src/drivers/ops/readiness.js";
import { opsRoutes } from "../../src/drivers/ops/routes.js";
import { createTestProbot } from "../harness/probot.js";
import { mustHave, redisCheck } from "../harness/services.js";
import { serveHandler, startApp } from "./helpers.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  vi.unstubAllEnvs();
});

const github = () =>
  nock("https://api.github.com", { reqheaders: { authorization: /^bearer ey/ } });
const appBody = { id: 1, slug: "bumpwarden-test", name: "bumpwarden test" };

/** Readiness on a plain server, with the app auth of a real test Probot. */
async function serveReadiness(redisUrl?: string) {
  const probot = await createTestProbot();
  const readiness = createReadiness({
    redisUrl,
    appOctokit: () => probot.auth(),
    redis: { timeoutMs: 500 },
  });
  const served = await serveHandler(
    opsRoutes({ metrics: createMetrics({ processMetrics: false }), readiness }),
  );
  stops.push(served.stop);
  return served.url;
}

describe("/readyz", () => {
  it("is ready when GitHub answers GET /app with the app's JWT, and caches that verdict", async () => {
    github().get("/app").reply(200, appBody);
    const url = await serveReadiness();
    const first = await fetch(`${url}/readyz`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      status: "ready",
      checks: {
        github: {
          ok: true,
          detail: "authenticated as app bumpwarden-test",
          checkedAt: expect.any(String),
        },
      },
    });
    // Served from the cache: a second request to GitHub would find no interceptor and fail.
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it("is not ready (503, with the reason) when GitHub refuses the app's JWT", async () => {
    github().get("/app").reply(401, { message: "A JSON web token could not be decoded" });
    const url = await serveReadiness();
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(body.status).toBe("not ready");
    expect(body.checks.github).toMatchObject({
      ok: false,
      detail: expect.stringContaining("JSON web token"),
    });
  });

  it("is not ready when REDIS_URL is set and nothing answers there", async () => {
    github().get("/app").reply(200, appBody);
    const url = await serveReadiness("redis://127.0.0.1:1");
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(body.checks.github?.ok).toBe(true);
    expect(body.checks.redis).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/ECONNREFUSED|connect/i),
    });
  });

  it("is ready with a real Redis at REDIS_URL (PING answered PONG)", async (ctx) => {
    const redis = await redisCheck();
    if (!mustHave(redis)) return ctx.skip();
    github().get("/app").reply(200, appBody);
    const url = await serveReadiness(redis.url);
    const response = await fetch(`${url}/readyz`);
    const body = (await response.json()) as {
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(body.checks.redis).toMatchObject({ ok: true, detail: "PING answered PONG" });
    expect(response.status).toBe(200);
  });

  it("is served by the real app next to /healthz and /metrics", async () => {
    vi.stubEnv("REDIS_URL", undefined);
    const limits = {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4321",
      "x-ratelimit-resource": "core",
    };
    github().get("/app").reply(200, appBody, limits);
    const app = await startApp();
    stops.push(app.stop);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: object }).checks).not.toHaveProperty("redis");
    const metrics = await fetch(`${app.url}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^bumpwarden_queue_depth\{queue="ingest",state="waiting"\} 0$/m);
    expect(text).toContain("# TYPE bumpwarden_events_received_total counter");
    // The app's own requests (JWT) are instrumented too, as installation "app".
    expect(text).toMatch(
      /^bumpwarden_github_rate_limit_remaining\{installation="app",resource="core"\} 4321$/m,
    );
    expect((await fetch(`${app.url}/metrics`, { method: "POST" })).status).toBe(404);
  });
});

describe("cachedCheck", () => {
  it("answers 'timed out' for a slow check, then serves the late verdict from the cache", async () => {
    let finish: (v: { ok: boolean; detail: string }) => void = () => undefined;
    let runs = 0;
    let clock = 0;
    const check = cachedCheck(
      () => {
        runs++;
        return new Promise((resolve) => (finish = resolve));
      },
      { okTtlMs: 1000, failTtlMs: 100, timeoutMs: 20, now: () => clock },
    );
    const [a, b] = await Promise.all([check(), check()]);
    expect(a).toMatchObject({ ok: false, detail: "no answer within 20 ms" });
    expect(b.ok).toBe(false);
    expect(runs).toBe(1); // concurrent callers share the run
    finish({ ok: true, detail: "late" });
    await new Promise((r) => setTimeout(r, 0));
    expect(await check()).toMatchObject({ ok: true, detail: "late" });
    clock = 999;
    expect(await check()).toMatchObject({ ok: true, detail: "late" });
    expect(runs).toBe(1);
    clock = 1000;
    const next = check();
    finish({ ok: false, detail: "down" });
    expect(await next).toMatchObject({ ok: false, detail: "down" });
    expect(runs).toBe(2);
  });
});
