import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

export async function until(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function uniquePrefix(): string {
  return `bwtest:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under a test's prefix. */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Records the spans of running jobs per key and the highest overlap seen. */
export class Overlap {
  readonly running = new Map<string, number>();
  maxPerKey = 0;
  maxTotal = 0;
  #total = 0;
  enter(key: string): void {
    const n = (this.running.get(key) ?? 0) + 1;
    this.running.set(key, n);
    this.#total++;
    this.maxPerKey = Math.max(this.maxPerKey, n);
    this.maxTotal = Math.max(this.maxTotal, this.#total);
  }
  leave(key: string): void {
    this.running.set(key, (this.running.get(key) ?? 1) - 1);
    this.#total--;
  }
}
