import type { Clock } from "../../ports/clock.js";
import type { Result } from "../../core/result.js";
import { err, ok } from "../../core/result.js";
import type { HttpResult, RequestEvent, TransportError } from "./transport.js";

export interface RetryOptions {
  /** Retries after a 429/502/503/504 or a network failure (default 3). */
  maxRetries: number;
  /** A `Retry-After` longer than this fails fast as `rate-limited` instead of waiting. */
  maxRetryWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  clock: Clock;
}

/** The request, minus what `exchange` controls itself (redirects). */
export interface Init {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

const RETRIABLE = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;

/**
 * One HTTP exchange with bounded retries that honour `Retry-After`, run under the per-host
 * limiter, following redirects by hand so that a redirect never downgrades to plain HTTP and the
 * Authorization header never leaves the origin it was meant for.
 */
export async function fetchWithRetry(
  fetchFn: typeof fetch,
  url: string,
  init: Init,
  retry: RetryOptions,
  limit: <T>(key: string, task: () => Promise<T>) => Promise<T>,
  limitKey: string,
  maxBytes: number,
  onRequest?: (event: RequestEvent) => void,
  allowRedirect: (next: URL) => boolean = (next) => next.protocol === "https:",
): Promise<Result<HttpResult, TransportError>> {
  for (let attempt = 0; ; attempt++) {
    let result: Result<HttpResult, TransportError>;
    try {
      result = await limit(limitKey, () =>
        exchange(fetchFn, url, init, maxBytes, onRequest, allowRedirect),
      );
    } catch (e) {
      if (attempt < retry.maxRetries) {
        await retry.sleep(backoff(attempt));
        continue;
      }
      return err({
        code: "network",
        message: `${new URL(url).host} could not be reached: ${(e as Error).message}`,
      });
    }
    if (!result.ok || !RETRIABLE.has(result.value.status)) return result;
    const status = result.value.status;
    const wait =
      retryAfterMs(result.value.headers.get("retry-after"), retry.clock) ?? backoff(attempt);
    const host = new URL(url).host;
    if (attempt >= retry.maxRetries || wait > retry.maxRetryWaitMs) {
      const code = status === 429 ? "rate-limited" : "unavailable";
      const after = result.value.headers.get("retry-after");
      return err({
        code,
        status,
        message: `${host} answered ${status}${status === 429 ? " (rate limit)" : ""} after ${attempt + 1} attempt${attempt ? "s" : ""}${after ? `; it asks to retry after ${after}` : ""}`,
      });
    }
    await retry.sleep(wait);
  }
}

async function exchange(
  fetchFn: typeof fetch,
  url: string,
  init: Init,
  maxBytes: number,
  onRequest: ((event: RequestEvent) => void) | undefined,
  allowRedirect: (next: URL) => boolean,
): Promise<Result<HttpResult, TransportError>> {
  let current = new URL(url);
  let headers: Record<string, string> = { ...init.headers };
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await fetchFn(current, { ...init, headers, redirect: "manual" });
    onRequest?.({
      method: init.method,
      url: current.toString(),
      status: res.status,
      headers: res.headers,
    });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, current);
      if (!allowRedirect(next))
        return err({
          code: "insecure-refused",
          message: `${current.host} redirected to ${next.origin}, which is not HTTPS`,
        });
      if (next.origin !== current.origin) {
        const { authorization: _dropped, ...rest } = headers;
        headers = rest;
      }
      current = next;
      continue;
    }
    const body = await readBody(res, maxBytes);
    if (body === null)
      return err({
        code: "invalid-response",
        status: res.status,
        message: `${current.host} sent more than ${maxBytes} bytes for ${current.pathname}`,
      });
    return ok({ status: res.status, headers: res.headers, body });
  }
  return err({
    code: "invalid-response",
    message: `${new URL(url).host} redirected more than ${MAX_REDIRECTS} times`,
  });
}

async function readBody(res: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) return null;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** `Retry-After` as seconds or an HTTP date, relative to the injected clock. */
export function retryAfterMs(value: string | null, clock: Clock): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - clock.now().getTime());
}

const backoff = (attempt: number): number => 250 * 2 ** attempt;
