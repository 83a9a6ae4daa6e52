import type { Clock } from "../../ports/clock.js";
import type { Result } from "../../core/result.js";
import { err, ok } from "../../core/result.js";

interface Entry<T> {
  value: T;
  etag: string | null;
  expiresAt: number;
}

/**
 * A bounded cache with a time-to-live and ETag revalidation, plus in-flight sharing: callers asking
 * for the same key while a fetch runs get that fetch's result, so a burst of webhooks for one image
 * costs one registry call. `ttlMs: Infinity` for content-addressed entries.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inflight = new Map<string, Promise<T>>();
  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 2_000,
  ) {}

  /** A fresh value, if any. */
  fresh(key: string): T | undefined {
    const e = this.entries.get(key);
    return e && e.expiresAt > this.clock.now().getTime() ? e.value : undefined;
  }

  /** An expired value with its ETag, for a conditional request. */
  stale(key: string): { value: T; etag: string } | undefined {
    const e = this.entries.get(key);
    return e && e.etag !== null ? { value: e.value, etag: e.etag } : undefined;
  }

  set(key: string, value: T, ttlMs: number, etag: string | null = null): void {
    this.entries.delete(key);
    this.entries.set(key, { value, etag, expiresAt: this.clock.now().getTime() + ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Runs `load` once for concurrent callers of the same key. */
  shared(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = load().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }
}

class Failure<E> extends Error {
  constructor(readonly error: E) {
    super("cached load failed");
  }
}

/**
 * A fresh entry, else one `load` shared by concurrent callers. Expected failures travel as values
 * (and are not cached); `load` stores what it wants kept, with the TTL it chooses.
 */
export async function cachedResult<T, E>(
  cache: TtlCache<T>,
  key: string,
  load: () => Promise<Result<T, E>>,
): Promise<Result<T, E>> {
  const hit = cache.fresh(key);
  if (hit !== undefined) return ok(hit);
  try {
    return ok(
      await cache.shared(key, async () => {
        const r = await load();
        if (!r.ok) throw new Failure(r.error);
        return r.value;
      }),
    );
  } catch (e) {
    if (e instanceof Failure) return err(e.error as E);
    throw e;
  }
}
