/** The verdict of one readiness check. `detail` says what was seen (never a secret). */
export interface CheckVerdict {
  ok: boolean;
  detail: string;
  /** ISO time the verdict was reached. */
  checkedAt: string;
}

export interface CachedCheckOptions {
  /** How long a passing verdict is reused. */
  okTtlMs: number;
  /** How long a failing verdict is reused (short, so recovery shows quickly). */
  failTtlMs: number;
  /** A run slower than this answers "timed out"; it keeps running and its verdict is cached. */
  timeoutMs: number;
  now?: () => number;
}

/** Runs a check; resolves to what it saw, rejects (or resolves ok: false) when it failed. */
export type CheckRun = () => Promise<{ ok: boolean; detail: string }>;

/**
 * A readiness check whose verdict is cached, so a probe every few seconds from each kubelet
 * does not become a request to GitHub or Redis every few seconds. Concurrent callers share one run.
 */
export function cachedCheck(
  run: CheckRun,
  options: CachedCheckOptions,
): () => Promise<CheckVerdict> {
  const now = options.now ?? Date.now;
  let last: { verdict: CheckVerdict; at: number } | undefined;
  let running: Promise<CheckVerdict> | undefined;

  const start = () => {
    running ??= run()
      .catch((e: unknown) => ({ ok: false, detail: e instanceof Error ? e.message : String(e) }))
      .then(({ ok, detail }) => {
        const at = now();
        last = { verdict: { ok, detail, checkedAt: new Date(at).toISOString() }, at };
        return last.verdict;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return async () => {
    if (last && now() - last.at < (last.verdict.ok ? options.okTtlMs : options.failTtlMs))
      return last.verdict;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckVerdict>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            detail: `no answer within ${options.timeoutMs} ms`,
            checkedAt: new Date(now()).toISOString(),
          }),
        options.timeoutMs,
      );
    });
    try {
      return await Promise.race([start(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
