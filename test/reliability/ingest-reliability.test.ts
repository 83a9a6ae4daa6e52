import { afterEach, describe, expect, it } from "vitest";
import { MemoryQueue } from "../../src/adapters/queue/memory-queue.js";
import { RedisQueue } from "../../src/adapters/queue/redis-queue.js";
import type { IngestJobData } from "../../src/drivers/http/jobs.js";
import type { ImagePushed } from "../../src/core/events/image-pushed.js";
import type { Queue } from "../../src/ports/queue.js";
import { RetryLaterError } from "../../src/ports/queue.js";
import { dropPrefix, Overlap, sleep, uniquePrefix, until } from "../adapters/queue/helpers.js";
import {
  corpusBytes,
  corpusHeaders,
  endpointConfig,
  endpointSources,
  garNow,
  hmacHex,
} from "../drivers/http/fixtures.js";
import { post, startIngestServer } from "../drivers/http/ingest-server.js";
import type { IngestServer } from "../drivers/http/ingest-server.js";
import { mustHave, redisCheck } from "../harness/services.js";

const redis = await redisCheck();
const queues: [string, () => { queue: Queue<IngestJobData>; cleanup: () => Promise<void> }][] = [
  [
    "memory",
    () => ({
      queue: new MemoryQueue<IngestJobData>({
        retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
      }),
      cleanup: async () => {},
    }),
  ],
];
if (mustHave(redis)) {
  queues.push([
    "redis",
    () => {
      const prefix = uniquePrefix();
      const url = redis.url ?? "";
      const queue = new RedisQueue<IngestJobData>({
        url,
        prefix,
        keyBusyDelayMs: 10,
        retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
      });
      return { queue, cleanup: () => dropPrefix(url, prefix) };
    },
  ]);
}

let server: IngestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(queues)("ingest end to end on the %s queue", (_kind, make) => {
  it("10 identical deliveries at once → one job, run once", async () => {
    const { queue, cleanup } = make();
    server = await startIngestServer(endpointConfig, {
      now: () => garNow,
      sources: endpointSources,
      queue,
    });
    try {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          post(`${server!.url}/hooks/harbor`, corpusBytes("harbor"), corpusHeaders("harbor")),
        ),
      );
      expect(replies.every((r) => r.status === 202)).toBe(true);
      const statuses = replies.flatMap((r) =>
        (r.body.accepted as { status: string }[]).map((a) => a.status),
      );
      expect(statuses.filter((s) => s === "queued")).toHaveLength(1);
      let runs = 0;
      queue.process(async () => void runs++);
      await until(() => runs === 1);
      await sleep(200);
      expect(runs).toBe(1);
    } finally {
      await queue.close({ graceMs: 1_000 });
      await cleanup();
    }
  });

  it("20 different images for one repository at once → 20 jobs, one at a time, none lost", async () => {
    const { queue, cleanup } = make();
    server = await startIngestServer(endpointConfig, {
      now: () => garNow,
      sources: endpointSources,
      queue,
    });
    try {
      const bodies = Array.from({ length: 20 }, (_, i) =>
        JSON.stringify({ id: `ci-${i}`, repository: "ghcr.io/example-org/app", tag: `1.4.${i}` }),
      );
      const replies = await Promise.all(
        bodies.map((b) =>
          post(`${server!.url}/hooks/generic`, b, {
            "content-type": "application/json",
            "x-signature-256": `sha256=${hmacHex("sha256", b)}`,
          }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(20).fill(202));
      const overlap = new Overlap();
      const tags: string[] = [];
      queue.process(
        async (job) => {
          overlap.enter(job.key);
          await sleep(5);
          tags.push((job.data as ImagePushed).tag ?? "");
          overlap.leave(job.key);
        },
        { concurrency: 8 },
      );
      await until(() => tags.length === 20, 20_000);
      expect(tags.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `1.4.${i}`).sort());
      expect(overlap.maxPerKey).toBe(1);
    } finally {
      await queue.close({ graceMs: 1_000 });
      await cleanup();
    }
  });

  it("200 mixed deliveries over every route with 10 % injected faults → each image handled exactly once", async () => {
    const { queue, cleanup } = make();
    server = await startIngestServer(endpointConfig, {
      now: () => garNow,
      sources: endpointSources,
      queue,
    });
    try {
      const sends = Array.from({ length: 200 }, (_, i) => {
        const b = JSON.stringify({
          id: `mixed-${i}`,
          repository: `ghcr.io/example-org/app-${i % 9}`,
          tag: `2.0.${i}`,
        });
        return post(`${server!.url}/hooks/generic`, b, {
          "content-type": "application/json",
          "x-signature-256": `sha256=${hmacHex("sha256", b)}`,
        });
      });
      const corpus = ["harbor", "acr", "distribution", "jfrog-artifactory", "nexus"].map((f) =>
        post(`${server!.url}/hooks/${routeOf(f)}`, corpusBytes(f), corpusHeaders(f)),
      );
      const replies = await Promise.all([...sends, ...corpus]);
      expect(replies.every((r) => r.status === 202)).toBe(true);
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const done = new Map<string, number>();
      queue.process(
        async (job) => {
          const roll = random();
          if (roll < 0.04) throw Object.assign(new Error("Bad Gateway"), { status: 502 });
          if (roll < 0.07) throw new RetryLaterError("secondary rate limit", 20);
          if (roll < 0.1)
            throw Object.assign(new Error("expectedHeadOid is stale"), { status: 409 });
          const image = job.data as ImagePushed;
          const id = `${image.repository}:${image.tag}`;
          done.set(id, (done.get(id) ?? 0) + 1);
        },
        { concurrency: 6 },
      );
      await until(() => done.size === 205, 60_000, "205 images");
      await sleep(200);
      expect([...done.values()].every((n) => n === 1)).toBe(true);
      expect((await queue.stats()).deadLetters).toBe(0);
    } finally {
      await queue.close({ graceMs: 1_000 });
      await cleanup();
    }
  });
});

function routeOf(file: string): string {
  return (
    {
      harbor: "harbor",
      acr: "acr",
      distribution: "dist",
      "jfrog-artifactory": "jfrog",
      nexus: "nexus",
    }[file] ?? file
  );
}
