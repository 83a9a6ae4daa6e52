/**
 * The interfaces the use cases talk to. Adapters implement them; drivers wire them together.
 * One file per port, re-exported here.
 */
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type {
  Registry,
  RegistryError,
  RegistryErrorCode,
  Manifest,
  Descriptor,
  ImageConfig,
  Referrers,
  Platform,
} from "./registry.js";
export type {
  Queue,
  JobRequest,
  DedupeMark,
  EnqueueOutcome,
  Job,
  JobHandler,
  ProcessOptions,
  CloseOptions,
  QueueStats,
  DeadLetter,
  RetryPolicy,
} from "./queue.js";
export { RetryLaterError, PermanentJobError, defaultRetryPolicy } from "./queue.js";
export type { ScanStore, StoredScan } from "./scan-store.js";
