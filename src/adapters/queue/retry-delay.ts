import type { RetryPolicy } from "../../ports/queue.js";

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/** GitHub asks to wait at least a minute after a secondary rate limit that names no time. */
const secondaryRateLimitMs = 60_000;
/** No hint is honoured beyond a day: a wrong clock or header should not park a job forever. */
const hintCeilingMs = 24 * 60 * 60_000;

/**
 * Whether and when to run a failed job again. Attempts are 1-based: `attempt` is the one that just
 * failed. A hint the error carries wins over the exponential backoff when it is longer: a
 * `RetryLaterError`'s `retryAfterMs`, or an Octokit `RequestError` with `retry-after` or an
 * exhausted `x-ratelimit-reset`, or a 403/429 that says "rate limit" (secondary limits).
 */
export function retryDecision(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  now: number,
  random: () => number = Math.random,
): RetryDecision {
  if (isPermanent(error)) return { retry: false, reason: "permanent error" };
  if (attempt >= policy.maxAttempts)
    return { retry: false, reason: `gave up after ${attempt} attempts` };
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the backoff, so retries spread out but never come too soon.
  const backoff = Math.round(exponential / 2 + (random() * exponential) / 2);
  const hint = retryAfterHint(error, now);
  return {
    retry: true,
    delayMs: hint === null ? backoff : Math.max(backoff, Math.min(hint, hintCeilingMs)),
  };
}

function isPermanent(error: unknown): boolean {
  return error instanceof Error && error.name === "PermanentJobError";
}

/** Milliseconds the error asks to wait, or null when it says nothing. */
export function retryAfterHint(error: unknown, now: number): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as {
    retryAfterMs?: unknown;
    status?: unknown;
    message?: unknown;
    response?: { headers?: unknown };
  };
  if (typeof e.retryAfterMs === "number" && Number.isFinite(e.retryAfterMs))
    return Math.max(0, e.retryAfterMs);
  const headers = (e.response?.headers ?? {}) as Record<string, unknown>;
  const retryAfter = headers["retry-after"];
  if (typeof retryAfter === "string" || typeof retryAfter === "number") {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(String(retryAfter));
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  if (headers["x-ratelimit-remaining"] === "0" || headers["x-ratelimit-remaining"] === 0) {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  }
  const status = e.status;
  if (
    (status === 403 || status === 429) &&
    typeof e.message === "string" &&
    /rate limit/i.test(e.message)
  ) {
    return secondaryRateLimitMs;
  }
  return null;
}
