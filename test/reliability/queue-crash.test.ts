import type { ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisQueue } from "../../src/adapters/queue/redis-queue.js";
import { dropPrefix, sleep, uniquePrefix, until } from "../adapters/queue/helpers.js";
import { exited, startWorker } from "../adapters/queue/processes.js";
import { mustHave, redisCheck } from "../harness/services.js";

const redis = await redisCheck();
const enabled = mustHave(redis);

interface Entry {
  jobId: string;
  key: string;
  n: number;
  pid: number;
  start: number;
  end: number;
  fencingToken: number;
}

describe.runIf(enabled)("Redis queue under worker crashes and faults", () => {
  const url = redis.url ?? "";
  let prefix = "";
  let recorder: Redis;
  let producer: RedisQueue<{ n: number }>;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    prefix = uniquePrefix();
    recorder = new Redis(url);
    producer = new RedisQueue<{ n: number }>({ url, prefix });
  });

  afterEach(async () => {
    const stopping = children.splice(0);
    for (const child of stopping) child.kill("SIGKILL");
    await Promise.all(stopping.map(exited));
    await producer.close({ graceMs: 1_000 });
    recorder.disconnect();
    await dropPrefix(url, prefix);
  });

  const log = async () =>
    (await recorder.lrange(`${prefix}:test:log`, 0, -1)).map((l) => JSON.parse(l) as Entry);
  const started = async () =>
    (await recorder.lrange(`${prefix}:test:started`, 0, -1)).map(
      (l) => JSON.parse(l) as { jobId: string; pid: number; fencingToken: number },
    );
  const worker = async (env: Record<string, string>) => {
    const child = await startWorker({ REDIS_URL: url, PREFIX: prefix, ...env });
    children.push(child);
    return child;
  };

  it("a worker killed with SIGKILL mid-job: another worker completes the job exactly once, with a newer fencing token", async () => {
    const a = await worker({ WORK_MS: "60000", JOB_LOCK_MS: "1000", KEY_LOCK_MS: "1000" });
    await producer.enqueue({ name: "image-pushed", key: "acme/gitops", data: { n: 1 } });
    await until(async () => (await started()).length === 1, 10_000, "worker A to start the job");
    a.kill("SIGKILL");
    await exited(a);
    const b = await worker({ WORK_MS: "50", JOB_LOCK_MS: "1000", KEY_LOCK_MS: "1000" });
    await until(async () => (await log()).length === 1, 30_000, "worker B to complete the job");
    await sleep(2_500); // longer than both locks: nothing else runs it again
    const [done] = await log();
    expect(await log()).toHaveLength(1);
    expect(done).toMatchObject({ n: 1, pid: b.pid });
    const starts = await started();
    expect(starts.map((s) => s.pid)).toEqual([a.pid, b.pid]);
    expect(starts[1]!.fencingToken).toBeGreaterThan(starts[0]!.fencingToken);
  });

  it("200 mixed events over two workers with 10 % injected 5xx, rate limits and conflicts: each done exactly once, one key at a time", async () => {
    const env = { WORK_MS: "5", FAIL_RATE: "0.1", MAX_ATTEMPTS: "10", CONCURRENCY: "4" };
    await worker(env);
    await worker(env);
    const total = 200;
    const outcomes = await Promise.all(
      Array.from({ length: total }, (_, n) =>
        producer.enqueue({
          name: "image-pushed",
          key: `acme/gitops-${n % 7}`,
          data: { n },
          dedupe: [{ key: `delivery:${n}`, ttlMs: 60_000 }],
        }),
      ),
    );
    expect(outcomes.every((o) => o.status === "queued")).toBe(true);
    await until(async () => (await log()).length >= total, 120_000, `${total} completions`);
    await sleep(500);
    const entries = await log();
    expect(entries.map((e) => e.n).sort((x, y) => x - y)).toEqual(
      Array.from({ length: total }, (_, i) => i),
    );
    expect((await producer.stats()).deadLetters).toBe(0);
    expect((await started()).length).toBeGreaterThan(total); // faults were injected and retried
    for (const key of new Set(entries.map((e) => e.key))) {
      const spans = entries.filter((e) => e.key === key).sort((x, y) => x.start - y.start);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    const redelivered = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        producer.enqueue({
          name: "image-pushed",
          key: "k",
          data: { n },
          dedupe: [{ key: `delivery:${n}`, ttlMs: 60_000 }],
        }),
      ),
    );
    expect(redelivered.every((o) => o.status === "duplicate" && o.state === "done")).toBe(true);
  });
});
