import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { captureLog } from "../harness/probot.js";
import type { LogRecord } from "../harness/probot.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { mustHave, redisCheck } from "../harness/services.js";

/**
 * docs/operations.md#logs: every line about a delivery or its jobs carries the delivery id, and
 * the installation and repository when the work has them, so one filter tells the whole story.
 */
let world: AppWorld | undefined;
afterEach(async () => {
  await world?.close();
  expect(world?.github.violations ?? []).toEqual([]);
  world = undefined;
});

async function start(env: Record<string, string> = {}) {
  const { log, records } = captureLog("info");
  world = await startAppWorld({ Octokit: ValidatedProbotOctokit, log, env });
  return { w: world, records };
}

/** The lines about queued jobs: the worker's (`jobName`) and the queue's own (`jobId`). */
const jobLines = (records: LogRecord[]) => records.filter((r) => "jobName" in r || "jobId" in r);

describe("the app's log lines about jobs", () => {
  it("carry the delivery id; lines of a repository's jobs also carry its installation and name", async () => {
    const { w, records } = await start();
    w.pushImage("acme/api", "1.8.0");
    await w.notifyPush("ghcr.io/acme/api", "1.8.0");
    await w.idle();

    const lines = jobLines(records);
    const accepted = records.find((r) => r.msg === "registry webhook accepted");
    const deliveryId = accepted?.deliveryId;
    expect(typeof deliveryId).toBe("string");
    const byJob = (name: string) => lines.filter((r) => r.jobName === name);
    expect(byJob("image-pushed").length).toBeGreaterThan(0);
    expect(byJob("bump-repo").length).toBeGreaterThan(0);
    for (const line of [...byJob("image-pushed"), ...byJob("bump-repo")])
      expect(line, String(line.msg)).toMatchObject({ deliveryId, image: "ghcr.io/acme/api" });
    for (const line of byJob("bump-repo"))
      expect(line, String(line.msg)).toMatchObject({
        installationId: w.installationId,
        repo: "acme/gitops",
      });
    // The installation delivery that indexed the repository at start-up: its GitHub delivery id.
    for (const line of byJob("index-update"))
      expect(line, String(line.msg)).toMatchObject({
        deliveryId: expect.any(String),
        installationId: w.installationId,
      });
    expect(lines.filter((r) => typeof r.deliveryId !== "string")).toEqual([]);
  });

  it.for([
    ["in-memory queue", false],
    ["BullMQ queue on Redis", true],
  ] as const)(
    "%s: its own retry and dead-letter lines say which delivery and repository failed",
    async ([, onRedis], ctx) => {
      const redis = await redisCheck();
      if (onRedis && !mustHave(redis)) return ctx.skip();
      const { w, records } = await start({
        BUMPWARDEN_JOB_MAX_ATTEMPTS: "2",
        BUMPWARDEN_JOB_RETRY_BASE_MS: "1",
        ...(onRedis &&
          redis.url && {
            REDIS_URL: redis.url,
            BUMPWARDEN_QUEUE_PREFIX: `bw-logs-${crypto.randomUUID()}`,
          }),
      });
      w.github.inject.error({ route: "POST /graphql", status: 502 });
      w.pushImage("acme/api", "1.8.0");
      await w.notifyPush("ghcr.io/acme/api", "1.8.0");
      await w.idle();

      const deliveryId = records.find((r) => r.msg === "registry webhook accepted")?.deliveryId;
      const failed = records.filter(
        (r) => r.msg === "job failed, will retry" || r.msg === "job dead-lettered",
      );
      expect(failed.map((r) => r.msg)).toEqual(["job failed, will retry", "job dead-lettered"]);
      for (const line of failed)
        expect(line).toMatchObject({
          deliveryId,
          installationId: w.installationId,
          repo: "acme/gitops",
          image: "ghcr.io/acme/api",
          name: "bump-repo",
        });
    },
  );
});
