import type { Queue, RetryPolicy } from "../../ports/queue.js";
import type { QueueLog } from "./log.js";
import { MemoryQueue } from "./memory-queue.js";
import { RedisQueue } from "./redis-queue.js";

export interface QueueSettings {
  /** BullMQ on this Redis when set; the in-memory queue otherwise. */
  redisUrl?: string | undefined;
  prefix: string;
  retry?: RetryPolicy;
  log?: QueueLog;
}

export function createQueue<T>(settings: QueueSettings): Queue<T> {
  const common = {
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.log ? { log: settings.log } : {}),
  };
  if (settings.redisUrl)
    return new RedisQueue<T>({ url: settings.redisUrl, prefix: settings.prefix, ...common });
  return new MemoryQueue<T>(common);
}
