import type { Queue, RetryPolicy } from "../../ports/queue.js";
import type { JobLogFields, QueueLog } from "./log.js";
import { MemoryQueue } from "./memory-queue.js";
import { RedisQueue } from "./redis-queue.js";

export interface QueueSettings {
  /** BullMQ on this Redis when set; the in-memory queue otherwise. */
  redisUrl?: string | undefined;
  prefix: string;
  retry?: RetryPolicy;
  log?: QueueLog;
  /** Fields of a job's own story (delivery, installation, repository) on the queue's lines about it. */
  logFields?: JobLogFields;
}

export function createQueue<T>(settings: QueueSettings): Queue<T> {
  const common = {
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.log ? { log: settings.log } : {}),
    ...(settings.logFields ? { logFields: settings.logFields } : {}),
  };
  if (settings.redisUrl)
    return new RedisQueue<T>({ url: settings.redisUrl, prefix: settings.prefix, ...common });
  return new MemoryQueue<T>(common);
}
