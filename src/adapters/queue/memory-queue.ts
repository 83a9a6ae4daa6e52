import type {
  CloseOptions,
  DeadLetter,
  DedupeMark,
  EnqueueOutcome,
  Job,
  JobHandler,
  JobRequest,
  ProcessOptions,
  Queue,
  QueueStats,
  RetryPolicy,
} from "../../ports/queue.js";
import { defaultRetryPolicy } from "../../ports/queue.js";
import type { JobLogFields, QueueLog } from "./log.js";
import { MemoryMarks } from "./memory-marks.js";
import { errorText, noJobLogFields, silentLog } from "./log.js";
import { retryDecision } from "./retry-delay.js";
import { settlesWithin } from "./within.js";

export interface MemoryQueueOptions {
  retry?: RetryPolicy;
  log?: QueueLog;
  logFields?: JobLogFields;
  /** Milliseconds since the epoch; injected so tests control TTLs. */
  now?: () => number;
  random?: () => number;
  /** Dead letters kept (oldest dropped first). */
  deadLetterLimit?: number;
}

interface Entry<T> {
  id: string;
  name: string;
  key: string;
  data: T;
  dedupe: readonly DedupeMark[];
  attempts: number;
}

/**
 * The zero-setup queue: one process, nothing survives a restart. Per-key FIFO lists and a FIFO of
 * keys that are ready (have work, none running), so picking the next job is O(1) however many
 * jobs wait on a busy key.
 */
export class MemoryQueue<T = unknown> implements Queue<T> {
  readonly #retry: RetryPolicy;
  readonly #log: QueueLog;
  readonly #logFields: JobLogFields;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #deadLimit: number;
  readonly #byKey = new Map<string, Entry<T>[]>();
  readonly #readyKeys = new Set<string>();
  readonly #activeKeys = new Set<string>();
  readonly #running = new Map<string, Promise<void>>();
  /** In one process the only reason to abort a job is shutdown: one signal serves them all. */
  readonly #shutdown = new AbortController();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #marks = new MemoryMarks();
  readonly #fences = new Map<string, number>();
  readonly #dead: DeadLetter<T>[] = [];
  #handler: JobHandler<T> | null = null;
  #concurrency = 1;
  #closing = false;
  #seq = 0;
  #waiting = 0;

  constructor(options: MemoryQueueOptions = {}) {
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#log = options.log ?? silentLog;
    this.#logFields = options.logFields ?? noJobLogFields;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#deadLimit = options.deadLetterLimit ?? 1000;
  }

  async enqueue(request: JobRequest<T>): Promise<EnqueueOutcome> {
    if (this.#closing) throw new Error("queue is closing: not taking jobs");
    const marks = request.dedupe ?? [];
    const hit = this.#marks.find(marks, this.#now());
    if (hit) return { status: "duplicate", ...hit };
    const entry: Entry<T> = {
      id: `m${++this.#seq}`,
      name: request.name,
      key: request.key,
      data: request.data,
      dedupe: marks,
      attempts: 0,
    };
    this.#marks.claim(marks, entry.id);
    this.#push(entry);
    return { status: "queued", jobId: entry.id };
  }

  process(handler: JobHandler<T>, options: ProcessOptions = {}): void {
    if (this.#handler) throw new Error("process() was already called on this queue");
    this.#handler = handler;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#pump();
  }

  async stats(): Promise<QueueStats> {
    return {
      waiting: this.#waiting,
      active: this.#running.size,
      delayed: this.#timers.size,
      deadLetters: this.#dead.length,
    };
  }

  async deadLetters(limit = 100): Promise<DeadLetter<T>[]> {
    return this.#dead.slice(-limit).reverse();
  }

  async close(options: CloseOptions = {}): Promise<void> {
    this.#closing = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const settled = Promise.allSettled([...this.#running.values()]);
    const graceMs = options.graceMs ?? 10_000;
    if (await settlesWithin(settled, graceMs)) return;
    this.#shutdown.abort(new Error("shutting down"));
    await settlesWithin(settled, Math.min(graceMs, 1_000));
  }

  #push(entry: Entry<T>, front = false): void {
    const list = this.#byKey.get(entry.key);
    if (list) {
      if (front) list.unshift(entry);
      else list.push(entry);
    } else this.#byKey.set(entry.key, [entry]);
    this.#waiting++;
    if (!this.#activeKeys.has(entry.key)) this.#readyKeys.add(entry.key);
    this.#pump();
  }

  #pump(): void {
    const handler = this.#handler;
    if (!handler) return;
    while (!this.#closing && this.#running.size < this.#concurrency && this.#readyKeys.size > 0) {
      const key = this.#readyKeys.values().next().value as string;
      this.#readyKeys.delete(key);
      const list = this.#byKey.get(key);
      const entry = list?.shift();
      if (!entry) continue;
      if (list?.length === 0) this.#byKey.delete(key);
      this.#waiting--;
      this.#activeKeys.add(key);
      this.#run(entry, handler);
    }
  }

  #run(entry: Entry<T>, handler: JobHandler<T>): void {
    const fencingToken = (this.#fences.get(entry.key) ?? 0) + 1;
    this.#fences.set(entry.key, fencingToken);
    entry.attempts++;
    const job: Job<T> = {
      id: entry.id,
      name: entry.name,
      key: entry.key,
      data: entry.data,
      attempt: entry.attempts,
      fencingToken,
      signal: this.#shutdown.signal,
    };
    const done = (async () => {
      try {
        await handler(job);
        this.#succeeded(entry);
      } catch (error) {
        this.#failed(entry, error, this.#shutdown.signal.aborted);
      } finally {
        this.#running.delete(entry.id);
        this.#activeKeys.delete(entry.key);
        if (this.#byKey.has(entry.key)) this.#readyKeys.add(entry.key);
        this.#pump();
      }
    })();
    this.#running.set(entry.id, done);
  }

  #succeeded(entry: Entry<T>): void {
    this.#marks.done(entry.dedupe, entry.id, this.#now());
  }

  #failed(entry: Entry<T>, error: unknown, released: boolean): void {
    const fields = {
      ...this.#logFields(entry),
      jobId: entry.id,
      name: entry.name,
      key: entry.key,
      attempt: entry.attempts,
      err: errorText(error),
    };
    if (released) {
      // Shut down mid-job: the attempt does not count, the job goes back to the head of its key.
      entry.attempts--;
      this.#push(entry, true);
      this.#log.warn(fields, "job released at shutdown");
      return;
    }
    const decision = retryDecision(error, entry.attempts, this.#retry, this.#now(), this.#random);
    if (!decision.retry) {
      this.#marks.drop(entry.dedupe, entry.id);
      this.#dead.push({
        jobId: entry.id,
        name: entry.name,
        key: entry.key,
        data: entry.data,
        attempts: entry.attempts,
        error: errorText(error),
        failedAt: new Date(this.#now()).toISOString(),
      });
      if (this.#dead.length > this.#deadLimit) this.#dead.shift();
      this.#log.error({ ...fields, why: decision.reason }, "job dead-lettered");
      return;
    }
    this.#log.warn({ ...fields, retryInMs: decision.delayMs }, "job failed, will retry");
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#push(entry);
    }, decision.delayMs);
    this.#timers.add(timer);
  }
}
