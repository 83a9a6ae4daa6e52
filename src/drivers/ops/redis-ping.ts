import { Redis } from "ioredis";

/**
 * Connects to `url`, sends PING, disconnects. A fresh connection each time (the check is cached
 * for seconds), so readiness sees what a new worker would see and no idle client is left open.
 */
export async function pingRedis(
  url: string,
  timeoutMs: number,
): Promise<{ ok: boolean; detail: string }> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined); // reported through the rejected promise below
  try {
    await client.connect();
    const answer = await client.ping();
    return { ok: answer === "PONG", detail: `PING answered ${answer}` };
  } finally {
    client.disconnect();
  }
}
