import type { DedupeMark } from "../../ports/queue.js";

type Mark = { state: "in-flight"; jobId: string } | { state: "done"; jobId: string; until: number };

export type MarkHit = { state: "in-flight" | "done"; jobId: string; mark: string };

/**
 * Dedupe marks of the in-memory queue. Done marks expire; they are dropped in expiry order from
 * one FIFO per TTL (marks with the same TTL expire in the order they were set), so forgetting
 * costs O(expired), never a scan of every mark.
 */
export class MemoryMarks {
  readonly #marks = new Map<string, Mark>();
  readonly #expiries = new Map<number, { items: { key: string; until: number }[]; head: number }>();
  #expiredUpTo = Number.NEGATIVE_INFINITY;

  find(marks: readonly DedupeMark[], now: number): MarkHit | null {
    this.#expire(now);
    for (const { key } of marks) {
      const mark = this.#marks.get(key);
      if (mark && (mark.state === "in-flight" || mark.until > now))
        return { state: mark.state, jobId: mark.jobId, mark: key };
    }
    return null;
  }

  claim(marks: readonly DedupeMark[], jobId: string): void {
    for (const { key } of marks) this.#marks.set(key, { state: "in-flight", jobId });
  }

  done(marks: readonly DedupeMark[], jobId: string, now: number): void {
    for (const { key, ttlMs } of marks) {
      const until = now + ttlMs;
      this.#marks.set(key, { state: "done", jobId, until });
      const fifo = this.#expiries.get(ttlMs) ?? { items: [], head: 0 };
      fifo.items.push({ key, until });
      this.#expiries.set(ttlMs, fifo);
    }
  }

  drop(marks: readonly DedupeMark[], jobId: string): void {
    for (const { key } of marks) if (this.#marks.get(key)?.jobId === jobId) this.#marks.delete(key);
  }

  /** Drops expired marks at most once a second of the clock (`find` also checks `until` itself). */
  #expire(now: number): void {
    if (now - this.#expiredUpTo < 1_000) return;
    this.#expiredUpTo = now;
    for (const fifo of this.#expiries.values()) {
      while (fifo.head < fifo.items.length && (fifo.items[fifo.head]?.until ?? Infinity) <= now) {
        const { key, until } = fifo.items[fifo.head++] ?? { key: "", until: 0 };
        const mark = this.#marks.get(key);
        // The key may have been claimed again since: only forget the mark this entry set.
        if (mark?.state === "done" && mark.until === until) this.#marks.delete(key);
      }
      if (fifo.head > 1024 && fifo.head * 2 > fifo.items.length) {
        fifo.items.splice(0, fifo.head);
        fifo.head = 0;
      }
    }
  }
}
