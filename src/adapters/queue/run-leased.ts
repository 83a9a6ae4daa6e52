import type { KeyLease } from "./key-lock.js";

export type LeasedOutcome = { ok: true } | { ok: false; error: unknown; released: boolean };

export interface LeasedRun {
  lease: KeyLease;
  renewEveryMs: number;
  /** Any of these aborting aborts the job's signal; the shutdown one also marks it "released". */
  signals: AbortSignal[];
  run: (signal: AbortSignal) => Promise<void>;
}

/**
 * Runs a job while holding its key's lease: renews the lease on a timer, aborts the job's signal
 * if the lease is lost or the process shuts down, and always releases the lease at the end.
 */
export async function runLeased({
  lease,
  renewEveryMs,
  signals,
  run,
}: LeasedRun): Promise<LeasedOutcome> {
  const controller = new AbortController();
  const [shutdown] = signals;
  const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  for (const s of signals) {
    if (s.aborted) controller.abort(s.reason);
    else s.addEventListener("abort", onAbort, { once: true });
  }
  const timer = setInterval(() => {
    lease.renew().then(
      (held) => {
        if (!held) controller.abort(new Error(`lost the lease on ${lease.key}`));
      },
      () => {}, // Redis hiccup: the next tick tries again, the TTL covers two misses.
    );
  }, renewEveryMs);
  try {
    await run(controller.signal);
    return { ok: true };
  } catch (error) {
    return { ok: false, error, released: shutdown?.aborted === true };
  } finally {
    clearInterval(timer);
    for (const s of signals) s.removeEventListener("abort", onAbort);
    await lease.release().catch(() => {});
  }
}
