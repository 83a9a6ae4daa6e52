import { createMetrics } from "./metrics.js";
import type { Metrics } from "./metrics.js";

let shared: Metrics | undefined;

/**
 * The metrics of this process, made on first use: the one instance `/metrics` serves and that
 * drivers and adapters record into when nobody hands them another (tests pass their own
 * `createMetrics()` for isolation).
 */
export function processMetrics(): Metrics {
  shared ??= createMetrics();
  return shared;
}
