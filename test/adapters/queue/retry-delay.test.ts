import { describe, expect, it } from "vitest";
import { retryAfterHint, retryDecision } from "../../../src/adapters/queue/retry-delay.js";
import { PermanentJobError, RetryLaterError } from "../../../src/ports/queue.js";

const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 8_000 };
const now = Date.parse("2025-06-12T14:00:00Z");
const octokitError = (status: number, message: string, headers: Record<string, string>) =>
  Object.assign(new Error(message), { status, response: { headers } });

describe("retryDecision", () => {
  it("backs off exponentially with equal jitter, capped", () => {
    const lowest = [1, 2, 3, 4].map((a) => retryDecision(new Error("x"), a, policy, now, () => 0));
    const highest = [1, 2, 3, 4].map((a) => retryDecision(new Error("x"), a, policy, now, () => 1));
    expect(lowest).toEqual([500, 1000, 2000, 4000].map((delayMs) => ({ retry: true, delayMs })));
    expect(highest).toEqual([1000, 2000, 4000, 8000].map((delayMs) => ({ retry: true, delayMs })));
  });

  it("stops at the maximum and on permanent errors", () => {
    expect(retryDecision(new Error("x"), 5, policy, now)).toEqual({
      retry: false,
      reason: "gave up after 5 attempts",
    });
    expect(retryDecision(new PermanentJobError("bad config"), 1, policy, now)).toEqual({
      retry: false,
      reason: "permanent error",
    });
  });

  it("waits at least as long as the error asks", () => {
    expect(retryDecision(new RetryLaterError("later", 30_000), 1, policy, now, () => 0)).toEqual({
      retry: true,
      delayMs: 30_000,
    });
    expect(retryDecision(new RetryLaterError("soon", 10), 3, policy, now, () => 0)).toEqual({
      retry: true,
      delayMs: 2_000,
    });
  });
});

describe("retryAfterHint from GitHub responses", () => {
  it.each([
    [
      "retry-after seconds",
      octokitError(429, "Too Many Requests", { "retry-after": "120" }),
      120_000,
    ],
    [
      "retry-after HTTP date",
      octokitError(503, "Unavailable", { "retry-after": "Thu, 12 Jun 2025 14:01:00 GMT" }),
      60_000,
    ],
    [
      "primary rate limit reset",
      octokitError(403, "API rate limit exceeded", {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(now / 1000 + 900),
      }),
      900_000,
    ],
    [
      "secondary rate limit without headers",
      octokitError(403, "You have exceeded a secondary rate limit", {}),
      60_000,
    ],
    ["a plain 403", octokitError(403, "Resource not accessible by integration", {}), null],
    ["a thrown string", "boom", null],
  ])("%s", (_name, error, expected) => {
    expect(retryAfterHint(error, now)).toBe(expected);
  });
});
