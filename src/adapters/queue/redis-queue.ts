import { randomUUID } from "node:crypto";
import { DelayedError, Queue as BullQueue, UnrecoverableError, Worker } from "bullmq";
import type { Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import type {
  CloseOptions,
  DeadLetter,
  DedupeMark,
  EnqueueOutcome,
  JobHandler,
  JobRequest,
  ProcessOptions,
  Queue,
  QueueStats,
} from "../../ports/queue.js";
import { DeadLetterList } from "./dead-letter-list.js";
import { KeyLocks } from "./key-lock.js";
import { errorText } from "./log.js";
import { MarkStore } from "./dedupe-marks.js";
import { retryDecision } from "./retry-delay.js";
import { settlesWithin } from "./within.js";
import type { RedisQueueOptions, ResolvedRedisQueueOptions } from "./redis-queue-options.js";
import { withDefaults } from "./redis-queue-options.js";
import { runLeased } from "./run-leased.js";

interface Payload<T> {
  key: string;
  data: T;
  dedupe: DedupeMark[];
}

const queueName = "jobs";
/** A job's marks stay in flight at most this long (a job that never finishes still frees them). */
const inFlightTtlMs = 24 * 60 * 60_000;

/**
 * BullMQ on Redis: jobs survive restarts and are shared by every replica. BullMQ has no per-key
 * concurrency (groups are a paid feature), so each job takes a Redis lease on its key first; a job
 * whose key is busy goes back to the delayed set without spending an attempt.
 */
export class RedisQueue<T = unknown> implements Queue<T> {
  readonly #o: ResolvedRedisQueueOptions;
  readonly #redis: Redis;
  readonly #queue: BullQueue<Payload<T>>;
  readonly #marks: MarkStore;
  readonly #locks: KeyLocks;
  readonly #dead: DeadLetterList<T>;
  readonly #owner = randomUUID();
  readonly #shutdown = new AbortController();
  #worker: Worker<Payload<T>> | null = null;
  #workerConnection: Redis | null = null;

  constructor(options: RedisQueueOptions) {
    this.#o = withDefaults(options);
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: null });
    this.#queue = new BullQueue<Payload<T>>(queueName, {
      connection: this.#redis,
      prefix: options.prefix,
    });
    const own = `${options.prefix}:bw`;
    this.#dead = new DeadLetterList<T>(this.#redis, `${own}:dead`, this.#o.deadLetterLimit);
    this.#locks = new KeyLocks(this.#redis, own, this.#o.keyLockTtlMs);
    this.#marks = new MarkStore(this.#redis, {
      prefix: own,
      jobKeyPrefix: `${options.prefix}:${queueName}:`,
      failedKey: `${options.prefix}:${queueName}:failed`,
      inFlightTtlMs,
      claimGraceMs: 60_000,
    });
  }

  async enqueue(request: JobRequest<T>): Promise<EnqueueOutcome> {
    if (this.#shutdown.signal.aborted) throw new Error("queue is closing: not taking jobs");
    const jobId = randomUUID();
    const dedupe = [...(request.dedupe ?? [])];
    const hit = await this.#marks.claim(dedupe, jobId, Date.now());
    if (hit) return { status: "duplicate", jobId: hit.jobId, state: hit.state, mark: hit.mark };
    try {
      await this.#queue.add(
        request.name,
        { key: request.key, data: request.data, dedupe },
        {
          jobId,
          attempts: this.#o.retry.maxAttempts,
          backoff: { type: "bumpwarden" },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: this.#o.deadLetterLimit },
        },
      );
    } catch (error) {
      await this.#marks.drop(dedupe, jobId).catch(() => {});
      throw error;
    }
    return { status: "queued", jobId };
  }

  process(handler: JobHandler<T>, options: ProcessOptions = {}): void {
    if (this.#worker) throw new Error("process() was already called on this queue");
    const retry = this.#o.retry;
    this.#workerConnection = new Redis(this.#o.url, { maxRetriesPerRequest: null });
    this.#worker = new Worker<Payload<T>>(
      queueName,
      (job, token, signal) => this.#processOne(job, token, signal, handler),
      {
        connection: this.#workerConnection,
        prefix: this.#o.prefix,
        concurrency: Math.max(1, options.concurrency ?? 1),
        lockDuration: this.#o.jobLockMs,
        stalledInterval: Math.max(1_000, Math.floor(this.#o.jobLockMs / 2)),
        maxStalledCount: 3,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => {
            const decision = retryDecision(err, attemptsMade, retry, Date.now());
            return decision.retry ? decision.delayMs : -1;
          },
        },
      },
    );
    this.#worker.on("failed", (job, error) => {
      // The processor dead-letters what it gives up on itself; this catches jobs BullMQ failed
      // without it (stalled too many times: their workers kept dying). Retried attempts also
      // emit "failed": only a job that ended in the failed state counts.
      if (!job || (error as { deadLettered?: boolean }).deadLettered) return;
      void job
        .getState()
        .then((state) => (state === "failed" ? this.#deadLetter(job, error) : undefined))
        .catch((e: unknown) =>
          this.#o.log.error({ err: errorText(e) }, "dead-letter check failed"),
        );
    });
    this.#worker.on("error", (error) =>
      this.#o.log.error({ err: errorText(error) }, "queue worker error"),
    );
  }

  async #processOne(
    job: BullJob<Payload<T>>,
    token: string | undefined,
    signal: AbortSignal | undefined,
    handler: JobHandler<T>,
  ): Promise<void> {
    const { key, data, dedupe } = job.data;
    const lease = await this.#locks.acquire(key, this.#owner);
    if (!lease) {
      await job.moveToDelayed(Date.now() + this.#o.keyBusyDelayMs * (1 + Math.random()), token);
      throw new DelayedError();
    }
    const attempt = job.attemptsMade + 1;
    const outcome = await runLeased({
      lease,
      renewEveryMs: Math.floor(this.#o.keyLockTtlMs / 3),
      signals: [this.#shutdown.signal, ...(signal ? [signal] : [])],
      run: (jobSignal) =>
        handler({
          id: job.id ?? "",
          name: job.name,
          key,
          data,
          attempt,
          fencingToken: lease.fencingToken,
          signal: jobSignal,
        }),
    });
    if (outcome.ok) {
      await this.#marks.done(dedupe, job.id ?? "");
      return;
    }
    const fields = {
      ...this.#o.logFields({ name: job.name, data }),
      jobId: job.id,
      name: job.name,
      key,
      attempt,
      err: errorText(outcome.error),
    };
    if (outcome.released) {
      // Shutting down past the grace period: hand the job back without spending an attempt.
      this.#o.log.warn(fields, "job released at shutdown");
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    const decision = retryDecision(outcome.error, attempt, this.#o.retry, Date.now());
    if (!decision.retry) {
      await this.#deadLetter(job, outcome.error, decision.reason);
      throw Object.assign(new UnrecoverableError(errorText(outcome.error)), { deadLettered: true });
    }
    this.#o.log.warn({ ...fields, retryInMs: decision.delayMs }, "job failed, will retry");
    throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
  }

  async #deadLetter(
    job: BullJob<Payload<T>>,
    error: unknown,
    why = "failed by the queue",
  ): Promise<void> {
    const { key, data, dedupe } = job.data;
    const letter: DeadLetter<T> = {
      jobId: job.id ?? "",
      name: job.name,
      key,
      data,
      attempts: job.attemptsMade + 1,
      error: errorText(error),
      failedAt: new Date().toISOString(),
    };
    await this.#marks.drop(dedupe, letter.jobId);
    await this.#dead.push(letter);
    const { jobId, name, attempts } = letter;
    this.#o.log.error(
      { ...this.#o.logFields({ name, data }), jobId, name, key, attempts, err: letter.error, why },
      "job dead-lettered",
    );
  }

  async stats(): Promise<QueueStats> {
    const counts = await this.#queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      deadLetters: await this.#dead.count(),
    };
  }

  async deadLetters(limit = 100): Promise<DeadLetter<T>[]> {
    return this.#dead.newest(limit);
  }

  async close(options: CloseOptions = {}): Promise<void> {
    const graceMs = options.graceMs ?? 10_000;
    const worker = this.#worker;
    if (worker) {
      const closing = worker.close();
      if (!(await settlesWithin(closing, graceMs))) {
        this.#shutdown.abort(new Error("shutting down"));
        if (!(await settlesWithin(closing, Math.min(graceMs, 2_000)))) await worker.close(true);
      }
    }
    this.#shutdown.abort(new Error("closed"));
    await this.#queue.close();
    this.#workerConnection?.disconnect();
    this.#redis.disconnect();
  }
}
