/**
 * A worker process for the multi-process queue tests. Env: REDIS_URL, PREFIX, WORK_MS, CONCURRENCY.
 * Each job appends `{jobId, key, n, pid, start, end, attempt, fencingToken}` to `<PREFIX>:test:log`
 * when it succeeds; `<PREFIX>:test:started` gets `{jobId, pid, fencingToken}` when it starts.
 * FAIL_RATE (0..1) makes that share of attempts fail like a flaky GitHub (5xx, rate limit with a
 * retry hint, conflict) before they record anything. Prints "ready" once processing; SIGTERM
 * closes the queue gracefully.
 */
import { Redis } from "ioredis";
import { RedisQueue } from "../../../src/adapters/queue/redis-queue.js";
import { RetryLaterError } from "../../../src/ports/queue.js";
import { closeOnSignals } from "../../../src/adapters/queue/shutdown.js";
import { silentLog } from "../../../src/adapters/queue/log.js";

const url = process.env.REDIS_URL ?? "";
const prefix = process.env.PREFIX ?? "";
const workMs = Number(process.env.WORK_MS ?? 50);
const failRate = Number(process.env.FAIL_RATE ?? 0);

function flakyError(): Error {
  const pick = Math.random();
  if (pick < 0.4) return Object.assign(new Error("Bad Gateway"), { status: 502 });
  if (pick < 0.7) return new RetryLaterError("secondary rate limit", 30);
  return Object.assign(new Error("Reference update failed: expectedHeadOid is stale"), {
    status: 409,
  });
}
const recorder = new Redis(url);
const queue = new RedisQueue<{ n: number }>({
  url,
  prefix,
  keyLockTtlMs: Number(process.env.KEY_LOCK_MS ?? 3_000),
  jobLockMs: Number(process.env.JOB_LOCK_MS ?? 3_000),
  keyBusyDelayMs: 20,
  retry: { maxAttempts: Number(process.env.MAX_ATTEMPTS ?? 3), baseDelayMs: 20, maxDelayMs: 200 },
});
queue.process(
  async (job) => {
    const start = Date.now();
    await recorder.rpush(
      `${prefix}:test:started`,
      JSON.stringify({ jobId: job.id, pid: process.pid, fencingToken: job.fencingToken }),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, workMs);
      job.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(new Error("aborted"));
      });
    });
    if (Math.random() < failRate) throw flakyError();
    const entry = {
      jobId: job.id,
      key: job.key,
      n: job.data.n,
      pid: process.pid,
      start,
      end: Date.now(),
      attempt: job.attempt,
      fencingToken: job.fencingToken,
    };
    await recorder.rpush(`${prefix}:test:log`, JSON.stringify(entry));
  },
  { concurrency: Number(process.env.CONCURRENCY ?? 4) },
);
closeOnSignals(queue, {
  graceMs: Number(process.env.GRACE_MS ?? 5_000),
  log: silentLog,
  exit: (code) => {
    recorder.disconnect();
    process.exit(code);
  },
});
process.stdout.write("ready\n");
