import { retryAfterHint } from "../../adapters/queue/retry-delay.js";
import type { JobHandler } from "../../ports/queue.js";
import { RetryLaterError } from "../../ports/queue.js";

/** Without a reset time, GitHub asks to wait at least a minute. */
const defaultWaitMs = 60_000;

/**
 * How long GitHub asked to wait, from an Octokit error: a secondary rate limit (403/429 with
 * `retry-after`, or "rate limit" without it: a minute), an exhausted primary limit on REST
 * (`x-ratelimit-remaining: 0` → `x-ratelimit-reset`), or on GraphQL, where GitHub answers 200 with
 * a `RATE_LIMITED` error and the same headers. Null when the error says nothing about waiting.
 */
export function githubWaitMs(error: unknown, now: number): number | null {
  if (typeof error !== "object" || error === null || error instanceof RetryLaterError) return null;
  const { errors, headers } = error as { errors?: unknown; headers?: Record<string, unknown> };
  if (
    Array.isArray(errors) &&
    errors.some((e) => (e as { type?: unknown } | null)?.type === "RATE_LIMITED")
  ) {
    const reset = Number(headers?.["x-ratelimit-reset"]);
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : defaultWaitMs;
  }
  return retryAfterHint(error, now);
}

/**
 * Wraps the worker's handler so a GitHub "wait" becomes a `RetryLaterError` the queue honours
 * (the Octokit the workers use has its own retry and throttling off: the queue does the waiting,
 * without holding a worker slot or the repository's lock meanwhile).
 */
export function withGitHubRetryHints<T>(
  handler: JobHandler<T>,
  now: () => number = Date.now,
): JobHandler<T> {
  return async (job) => {
    try {
      await handler(job);
    } catch (error) {
      if (error instanceof Error && error.name === "PermanentJobError") throw error;
      const waitMs = githubWaitMs(error, now());
      if (waitMs === null) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw Object.assign(
        new RetryLaterError(
          `GitHub asked to wait ${Math.ceil(waitMs / 1000)} s: ${message}`,
          waitMs,
        ),
        { cause: error },
      );
    }
  };
}
