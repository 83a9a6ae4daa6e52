/** At most `limit` tasks at once per key (a registry host); the rest wait in FIFO order. */
export function createLimiter(
  limit: number,
): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const active = new Map<string, number>();
  const queues = new Map<string, (() => void)[]>();
  const release = (key: string) => {
    const next = queues.get(key)?.shift();
    if (next) next();
    else active.set(key, (active.get(key) ?? 1) - 1);
  };
  return async (key, task) => {
    if ((active.get(key) ?? 0) < limit) active.set(key, (active.get(key) ?? 0) + 1);
    else
      await new Promise<void>((resolve) => {
        const q = queues.get(key) ?? [];
        q.push(resolve);
        queues.set(key, q);
      });
    try {
      return await task();
    } finally {
      release(key);
    }
  };
}
