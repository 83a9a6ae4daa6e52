import { afterEach, describe, expect, it } from "vitest";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import { RedisQueue } from "../../../src/adapters/queue/redis-queue.js";
import type { Job, Queue, RetryPolicy } from "../../../src/ports/queue.js";
import { PermanentJobError, RetryLaterError } from "../../../src/ports/queue.js";
import { mustHave, redisCheck } from "../../harness/services.js";
import { dropPrefix, Overlap, sleep, uniquePrefix, until } from "./helpers.js";

type Factory = (retry: RetryPolicy) => Queue<{ n: number }>;

const fast: RetryPolicy = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 };
const redis = await redisCheck();
const withRedis = mustHave(redis);

const opened: { queue: Queue<{ n: number }>; prefix?: string }[] = [];
afterEach(async () => {
  for (const { queue, prefix } of opened.splice(0)) {
    await queue.close({ graceMs: 2_000 });
    if (prefix && redis.url) await dropPrefix(redis.url, prefix);
  }
});

const factories: [string, Factory][] = [
  [
    "memory",
    (retry) => {
      const queue = new MemoryQueue<{ n: number }>({ retry });
      opened.push({ queue });
      return queue;
    },
  ],
];
if (withRedis) {
  factories.push([
    "redis",
    (retry) => {
      const prefix = uniquePrefix();
      const queue = new RedisQueue<{ n: number }>({
        url: redis.url ?? "",
        prefix,
        retry,
        keyBusyDelayMs: 20,
        jobLockMs: 5_000,
      });
      opened.push({ queue, prefix });
      return queue;
    },
  ]);
}

describe.each(factories)("%s queue", (_kind, make) => {
  it("runs a job with its name, key, data, attempt and a growing fencing token per key", async () => {
    const queue = make(fast);
    const seen: Job<{ n: number }>[] = [];
    queue.process(async (job) => void seen.push(job));
    await queue.enqueue({ name: "image-pushed", key: "acme/gitops", data: { n: 1 } });
    await queue.enqueue({ name: "image-pushed", key: "acme/gitops", data: { n: 2 } });
    await until(() => seen.length === 2);
    expect(seen.map((j) => [j.name, j.key, j.data.n, j.attempt])).toEqual([
      ["image-pushed", "acme/gitops", 1, 1],
      ["image-pushed", "acme/gitops", 2, 1],
    ]);
    expect(seen[1]!.fencingToken).toBeGreaterThan(seen[0]!.fencingToken);
  });

  it("never runs two jobs of one key at once, but runs different keys side by side", async () => {
    const queue = make(fast);
    const overlap = new Overlap();
    let done = 0;
    queue.process(
      async (job) => {
        overlap.enter(job.key);
        await sleep(15);
        overlap.leave(job.key);
        done++;
      },
      { concurrency: 4 },
    );
    for (let n = 0; n < 24; n++)
      await queue.enqueue({ name: "x", key: `repo-${n % 3}`, data: { n } });
    await until(() => done === 24, 20_000, "24 jobs");
    expect(overlap.maxPerKey).toBe(1);
    expect(overlap.maxTotal).toBeGreaterThan(1);
  });

  it("absorbs a duplicate while in flight and after success, and runs it again once the mark expires", async () => {
    const queue = make(fast);
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    queue.process(async () => {
      runs++;
      await gate;
    });
    const dedupe = [{ key: "delivery:abc", ttlMs: 400 }];
    const first = await queue.enqueue({ name: "x", key: "k", data: { n: 1 }, dedupe });
    expect(first.status).toBe("queued");
    const inFlight = await queue.enqueue({ name: "x", key: "k", data: { n: 2 }, dedupe });
    expect(inFlight).toEqual({
      status: "duplicate",
      state: "in-flight",
      mark: "delivery:abc",
      jobId: first.status === "queued" ? first.jobId : "",
    });
    release();
    // Every copy is absorbed while the job finishes; then the mark says "done".
    await until(async () => {
      const copy = await queue.enqueue({ name: "x", key: "k", data: { n: 3 }, dedupe });
      expect(copy.status).toBe("duplicate");
      return copy.status === "duplicate" && copy.state === "done";
    });
    expect(runs).toBe(1);
    await sleep(450);
    expect((await queue.enqueue({ name: "x", key: "k", data: { n: 5 }, dedupe })).status).toBe(
      "queued",
    );
    await until(() => runs === 2);
  });

  it("retries with backoff and marks the delivery done only after the retry succeeded", async () => {
    const queue = make(fast);
    const attempts: number[] = [];
    queue.process(async (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new Error("GitHub said 502");
    });
    const dedupe = [{ key: "delivery:r1", ttlMs: 60_000 }];
    await queue.enqueue({ name: "x", key: "k", data: { n: 1 }, dedupe });
    await until(() => attempts.length >= 1);
    expect(await queue.enqueue({ name: "x", key: "k", data: { n: 1 }, dedupe })).toMatchObject({
      state: "in-flight",
    });
    await until(() => attempts.length === 3);
    await until(async () => {
      const copy = await queue.enqueue({ name: "x", key: "k", data: { n: 1 }, dedupe });
      expect(copy.status).toBe("duplicate"); // never a second job while the first retries
      return copy.status === "duplicate" && copy.state === "done";
    });
    expect(attempts).toEqual([1, 2, 3]);
    expect((await queue.stats()).deadLetters).toBe(0);
  });

  it("dead-letters after the maximum and lets a redelivery of the failed event run again", async () => {
    const queue = make(fast);
    let runs = 0;
    queue.process(async () => {
      runs++;
      throw new Error("always broken");
    });
    const dedupe = [{ key: "delivery:dead", ttlMs: 60_000 }];
    await queue.enqueue({ name: "image-pushed", key: "k", data: { n: 7 }, dedupe });
    await until(async () => (await queue.stats()).deadLetters === 1, 10_000, "a dead letter");
    expect(runs).toBe(3);
    const [letter] = await queue.deadLetters();
    expect(letter).toMatchObject({
      name: "image-pushed",
      key: "k",
      data: { n: 7 },
      attempts: 3,
      error: "Error: always broken",
    });
    expect(
      (await queue.enqueue({ name: "image-pushed", key: "k", data: { n: 7 }, dedupe })).status,
    ).toBe("queued");
    await until(() => runs === 4);
  });

  it("sends a permanent error straight to the dead-letter list", async () => {
    const queue = make(fast);
    let runs = 0;
    queue.process(async () => {
      runs++;
      throw new PermanentJobError("manifest is not valid YAML");
    });
    await queue.enqueue({ name: "x", key: "k", data: { n: 1 } });
    await until(async () => (await queue.stats()).deadLetters === 1);
    expect(runs).toBe(1);
  });

  it("honours the retryAfter hint an error carries over a shorter backoff", async () => {
    const queue = make({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 });
    const starts: number[] = [];
    queue.process(async () => {
      starts.push(Date.now());
      if (starts.length === 1) throw new RetryLaterError("secondary rate limit", 400);
    });
    await queue.enqueue({ name: "x", key: "k", data: { n: 1 } });
    await until(() => starts.length === 2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(390);
  });

  it("on close, stops taking jobs and lets the running one finish", async () => {
    const queue = make(fast);
    let finished = false;
    let started = false;
    queue.process(async () => {
      started = true;
      await sleep(200);
      finished = true;
    });
    await queue.enqueue({ name: "x", key: "k", data: { n: 1 } });
    await until(() => started);
    await queue.close({ graceMs: 5_000 });
    expect(finished).toBe(true);
    await queue.close(); // closing twice is harmless (afterEach closes it again)
    await expect(queue.enqueue({ name: "x", key: "k", data: { n: 2 } })).rejects.toThrow(/closing/);
  });
});
