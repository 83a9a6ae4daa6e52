import net from "node:net";

/**
 * Tests that need a real service (Redis, the OCI registry binary) run when it is reachable.
 * Under CI=true a missing service is a failure; on a bare laptop the test is skipped with the reason.
 */
export interface ServiceCheck {
  available: boolean;
  reason: string;
}

export function mustHave(check: ServiceCheck): boolean {
  if (check.available) return true;
  if (process.env.CI === "true")
    throw new Error(`required service missing under CI=true: ${check.reason}`);
  console.warn(`[skipped] ${check.reason}`);
  return false;
}

export function tcpReachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Redis from REDIS_URL (CI sets it); unset means "not available". */
export async function redisCheck(): Promise<ServiceCheck & { url?: string }> {
  const url = process.env.REDIS_URL;
  if (!url) return { available: false, reason: "REDIS_URL is not set; Redis tests skipped" };
  const { hostname, port } = new URL(url);
  const available = await tcpReachable(hostname, Number(port || 6379));
  return { available, url, reason: available ? "" : `Redis at ${url} is not reachable` };
}
