/**
 * The work queue between ingest and the workers.
 *
 * Invariants every implementation keeps:
 * - Jobs with the same `key` never run at the same time, across processes too.
 * - A job whose dedupe mark is held (queued, running, or succeeded within the mark's TTL) is not
 *   enqueued again; marks are set as "done" only after the handler succeeds, and dropped when the
 *   job ends in the dead-letter list, so a redelivery of a failed event runs again.
 * - A failing handler is retried with exponential backoff (or after the `retryAfterMs` its error
 *   carries) up to `maxAttempts`, then the job goes to the dead-letter list.
 * - `close()` stops taking jobs, then lets the running ones finish or releases them for another
 *   worker; nothing is lost.
 */
export interface Queue<T = unknown> {
  enqueue(request: JobRequest<T>): Promise<EnqueueOutcome>;
  /** Starts taking jobs with `handler`; at most one call per queue instance. */
  process(handler: JobHandler<T>, options?: ProcessOptions): void;
  stats(): Promise<QueueStats>;
  /** Newest first. */
  deadLetters(limit?: number): Promise<DeadLetter<T>[]>;
  close(options?: CloseOptions): Promise<void>;
}

/** `data` must survive a JSON round trip: the Redis queue stores JSON. */
export interface JobRequest<T = unknown> {
  /** The kind of work, for the handler to dispatch on: `image-pushed`, `image-scanned`, ... */
  name: string;
  /** Serialization key: the target repository (or image) the job writes to. */
  key: string;
  data: T;
  dedupe?: readonly DedupeMark[];
}

export interface DedupeMark {
  key: string;
  /** How long the mark stays "done" after the job succeeded. */
  ttlMs: number;
}

export type EnqueueOutcome =
  | { status: "queued"; jobId: string }
  | { status: "duplicate"; jobId: string | null; state: "in-flight" | "done"; mark: string };

export interface Job<T = unknown> {
  id: string;
  name: string;
  key: string;
  data: T;
  /** 1 on the first run. */
  attempt: number;
  /**
   * Grows every time the key's lock is granted. A writer that holds an older token than the one
   * last recorded has lost its lock (paused process, expired lease) and must not write.
   */
  fencingToken: number;
  /** Aborted when the worker shuts down past its grace period or loses the key's lock. */
  signal: AbortSignal;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

export interface ProcessOptions {
  /** Jobs run at once by this process (different keys only). */
  concurrency?: number;
}

export interface CloseOptions {
  /** How long running jobs get to finish before they are aborted and released. */
  graceMs?: number;
}

export interface QueueStats {
  waiting: number;
  active: number;
  /** Waiting for a retry (backoff) or for their key to be free. */
  delayed: number;
  deadLetters: number;
}

export interface DeadLetter<T = unknown> {
  jobId: string;
  name: string;
  key: string;
  data: T;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 10 * 60_000,
};

/** Throw from a handler to be retried no sooner than `retryAfterMs` (a `Retry-After`, a rate-limit reset). */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Throw from a handler when retrying cannot help: the job goes straight to the dead-letter list. */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}
