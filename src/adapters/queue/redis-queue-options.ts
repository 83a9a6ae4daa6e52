import type { RetryPolicy } from "../../ports/queue.js";
import { defaultRetryPolicy } from "../../ports/queue.js";
import type { JobLogFields, QueueLog } from "./log.js";
import { noJobLogFields, silentLog } from "./log.js";

export interface RedisQueueOptions {
  url: string;
  /** Namespace of every Redis key; one per deployment (and per test). */
  prefix: string;
  retry?: RetryPolicy;
  log?: QueueLog;
  logFields?: JobLogFields;
  /** Lease on a job key; renewed every third of it while the job runs. */
  keyLockTtlMs?: number;
  /** How long a job whose key is busy waits before it is tried again (plus jitter). */
  keyBusyDelayMs?: number;
  /** BullMQ's own job lock and stalled-job check (a dead worker's job runs again after this). */
  jobLockMs?: number;
  deadLetterLimit?: number;
}

export type ResolvedRedisQueueOptions = Required<Omit<RedisQueueOptions, "log" | "retry">> & {
  log: QueueLog;
  retry: RetryPolicy;
};

export function withDefaults(options: RedisQueueOptions): ResolvedRedisQueueOptions {
  return {
    retry: defaultRetryPolicy,
    log: silentLog,
    logFields: noJobLogFields,
    keyLockTtlMs: 30_000,
    keyBusyDelayMs: 250,
    jobLockMs: 30_000,
    deadLetterLimit: 1000,
    ...options,
  };
}
