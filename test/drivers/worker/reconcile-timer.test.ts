import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import type { IngestJobData } from "../../../src/drivers/http/jobs.js";
import { startReconcileTimer } from "../../../src/drivers/worker/reconcile-timer.js";

const HOUR = 60 * 60_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-23T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

const clock = { now: () => new Date() };
const failOnError = (e: unknown) => {
  throw e;
};

describe("the reconcile timer", () => {
  it("first ticks after a random part (25–100 %) of the interval, then every interval", async () => {
    const queue = new MemoryQueue<IngestJobData>();
    const timer = startReconcileTimer(queue, HOUR, clock, failOnError, () => 0.5);
    await vi.advanceTimersByTimeAsync(0.625 * HOUR - 1);
    expect((await queue.stats()).waiting).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect((await queue.stats()).waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect((await queue.stats()).waiting).toBe(2);
    timer.stop();
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect((await queue.stats()).waiting).toBe(2);
  });

  it("queues one reconcile per interval slot however many replicas tick", async () => {
    const queue = new MemoryQueue<IngestJobData>();
    const timers = [0, 0.3, 0.6].map((r) =>
      startReconcileTimer(queue, HOUR, clock, failOnError, () => r),
    );
    // Replicas started at 12:00 tick at 12:15, 12:28 and 12:42: the same slot.
    await vi.advanceTimersByTimeAsync(0.75 * HOUR);
    expect((await queue.stats()).waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect((await queue.stats()).waiting).toBe(2);
    for (const t of timers) t.stop();
  });

  it("reports a failed enqueue instead of throwing from the timer", async () => {
    const queue = new MemoryQueue<IngestJobData>();
    await queue.close();
    const errors: unknown[] = [];
    const timer = startReconcileTimer(
      queue,
      HOUR,
      clock,
      (e) => errors.push(e),
      () => 0,
    );
    await vi.advanceTimersByTimeAsync(0.25 * HOUR);
    expect(errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/closing/) }),
    ]);
    timer.stop();
  });
});
