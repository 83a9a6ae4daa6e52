import type { QueueLog } from "./log.js";
import { errorText } from "./log.js";

export interface Closable {
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * On SIGTERM (Kubernetes, `docker stop`) or SIGINT: stop taking jobs, let running ones finish
 * within `graceMs` or release them, then exit. Returns a function that removes the hooks.
 */
export function closeOnSignals(
  target: Closable,
  {
    graceMs,
    log,
    exit = (code: number) => process.exit(code),
  }: { graceMs: number; log: QueueLog; exit?: (code: number) => void },
): () => void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.info({ signal, graceMs }, "shutting down: no new jobs, finishing the running ones");
    target.close({ graceMs }).then(
      () => {
        log.info({ signal }, "queue closed");
        exit(0);
      },
      (error: unknown) => {
        log.error({ err: errorText(error) }, "queue did not close cleanly");
        exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
}
