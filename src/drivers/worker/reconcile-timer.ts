import type { Clock } from "../../ports/clock.js";
import type { Queue } from "../../ports/queue.js";
import type { IngestJobData } from "../http/jobs.js";
import { reconcileJob } from "../http/jobs.js";

/**
 * Every `intervalMs` (first after a random part of it, so replicas and restarts spread out),
 * enqueue one reconcile job for the current time slot. Replicas share the queue's dedupe marks,
 * so a slot reconciles once however many replicas tick.
 */
export function startReconcileTimer(
  queue: Queue<IngestJobData>,
  intervalMs: number,
  clock: Clock,
  onError: (e: unknown) => void,
  random: () => number = Math.random,
): { stop(): void } {
  const tick = () => {
    const slot = Math.floor(clock.now().getTime() / intervalMs);
    queue.enqueue(reconcileJob(slot, intervalMs)).catch(onError);
  };
  let repeat: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      tick();
      repeat = setInterval(tick, intervalMs);
      repeat.unref();
    },
    Math.floor(intervalMs * (0.25 + 0.75 * random())),
  );
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      if (repeat) clearInterval(repeat);
    },
  };
}
