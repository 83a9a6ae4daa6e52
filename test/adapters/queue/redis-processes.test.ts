import type { ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisQueue } from "../../../src/adapters/queue/redis-queue.js";
import { mustHave, redisCheck } from "../../harness/services.js";
import { dropPrefix, uniquePrefix, until } from "./helpers.js";
import { exited, startWorker } from "./processes.js";

const redis = await redisCheck();
const enabled = mustHave(redis);

interface LogEntry {
  jobId: string;
  key: string;
  n: number;
  pid: number;
  start: number;
  end: number;
  attempt: number;
  fencingToken: number;
}

describe.runIf(enabled)("Redis queue across two worker processes", () => {
  const url = redis.url ?? "";
  const prefix = uniquePrefix();
  const children: ChildProcess[] = [];
  let recorder: Redis;
  let producer: RedisQueue<{ n: number }>;

  beforeAll(async () => {
    recorder = new Redis(url);
    producer = new RedisQueue<{ n: number }>({ url, prefix });
    for (let i = 0; i < 2; i++)
      children.push(
        await startWorker({ REDIS_URL: url, PREFIX: prefix, WORK_MS: "30", CONCURRENCY: "3" }),
      );
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map(exited));
    await producer.close({ graceMs: 1_000 });
    recorder.disconnect();
    await dropPrefix(url, prefix);
  });

  it("shares the work, never runs one key in two processes at once, and each job once", async () => {
    const total = 36;
    for (let n = 0; n < total; n++)
      await producer.enqueue({ name: "x", key: `acme/gitops-${n % 4}`, data: { n } });
    await until(
      async () => (await recorder.llen(`${prefix}:test:log`)) >= total,
      60_000,
      `${total} jobs`,
    );
    const log = (await recorder.lrange(`${prefix}:test:log`, 0, -1)).map(
      (l) => JSON.parse(l) as LogEntry,
    );
    expect(log.map((e) => e.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i),
    );
    expect(new Set(log.map((e) => e.pid)).size).toBe(2);
    for (const key of new Set(log.map((e) => e.key))) {
      const spans = log.filter((e) => e.key === key).sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      const tokens = spans.map((s) => s.fencingToken);
      expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    }
  });
});

describe.runIf(enabled)("Redis queue worker on SIGTERM", () => {
  const url = redis.url ?? "";
  let prefix = "";
  let recorder: Redis;
  let producer: RedisQueue<{ n: number }>;

  beforeEach(async () => {
    prefix = uniquePrefix();
    recorder = new Redis(url);
    producer = new RedisQueue<{ n: number }>({ url, prefix });
  });

  afterEach(async () => {
    await producer.close({ graceMs: 1_000 });
    recorder.disconnect();
    await dropPrefix(url, prefix);
  });

  const logOf = async () =>
    (await recorder.lrange(`${prefix}:test:log`, 0, -1)).map((l) => JSON.parse(l) as LogEntry);

  it("finishes the running job within the grace period, then exits 0", async () => {
    const child = await startWorker({
      REDIS_URL: url,
      PREFIX: prefix,
      WORK_MS: "400",
      GRACE_MS: "5000",
    });
    await producer.enqueue({ name: "x", key: "acme/gitops", data: { n: 1 } });
    await until(async () => (await recorder.llen(`${prefix}:test:started`)) === 1);
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    const [entry] = await logOf();
    expect(entry).toMatchObject({ n: 1, pid: child.pid, attempt: 1 });
    expect(entry!.end - entry!.start).toBeGreaterThanOrEqual(390);
  });

  it("releases a job that outlasts the grace period; another worker runs it without spending an attempt", async () => {
    const slow = await startWorker({
      REDIS_URL: url,
      PREFIX: prefix,
      WORK_MS: "60000",
      GRACE_MS: "300",
    });
    await producer.enqueue({ name: "x", key: "acme/gitops", data: { n: 2 } });
    await until(async () => (await recorder.llen(`${prefix}:test:started`)) === 1);
    slow.kill("SIGTERM");
    expect(await exited(slow)).toBe(0);
    expect(await logOf()).toEqual([]);
    const next = await startWorker({ REDIS_URL: url, PREFIX: prefix, WORK_MS: "20" });
    try {
      await until(async () => (await logOf()).length === 1, 10_000, "the released job");
      expect((await logOf())[0]).toMatchObject({ n: 2, pid: next.pid, attempt: 1 });
    } finally {
      next.kill("SIGKILL");
      await exited(next);
    }
  });
});
