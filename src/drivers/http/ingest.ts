import type { IncomingMessage, ServerResponse } from "node:http";
import { createQueue } from "../../adapters/queue/create-queue.js";
import { closeOnSignals } from "../../adapters/queue/shutdown.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import type { Queue } from "../../ports/queue.js";
import { defaultRetryPolicy } from "../../ports/queue.js";
import type { Settings } from "../settings.js";
import { jobLogFields } from "../worker/job-log-fields.js";
import type { Endpoint, EndpointSources } from "./endpoints.js";
import { loadEndpoints } from "./endpoints.js";
import type { IngestJobData } from "./jobs.js";
import type { IngestLog, IngestObserver } from "./registry-routes.js";
import { registryRoutes } from "./registry-routes.js";

export interface Ingest {
  /** Where ingest puts jobs; the worker handler is attached with `queue.process(handler)`. */
  queue: Queue<IngestJobData>;
  endpoints: readonly Endpoint[];
  /** Probot `addHandler` handler for the registry webhook routes. */
  routes: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export interface IngestDeps extends EndpointSources {
  log: IngestLog;
  /** Close the queue gracefully on SIGTERM/SIGINT, then exit (off in tests). */
  handleSignals: boolean;
  /** Told what became of each registry delivery (metrics). */
  observe?: IngestObserver;
}

/** Builds the queue and the registry routes from the process settings. Throws on bad settings. */
export function createIngest(settings: Settings, deps: IngestDeps): Ingest {
  const endpoints = readEndpoints(settings, deps);
  if (!endpoints.ok) throw new Error(endpoints.error);
  const queue = createQueue<IngestJobData>({
    redisUrl: settings.REDIS_URL,
    prefix: settings.BUMPWARDEN_QUEUE_PREFIX,
    retry: {
      ...defaultRetryPolicy,
      maxAttempts: settings.BUMPWARDEN_JOB_MAX_ATTEMPTS,
      baseDelayMs: settings.BUMPWARDEN_JOB_RETRY_BASE_MS,
      maxDelayMs: Math.max(
        settings.BUMPWARDEN_JOB_RETRY_BASE_MS,
        settings.BUMPWARDEN_JOB_RETRY_MAX_MS,
      ),
    },
    log: deps.log,
    logFields: jobLogFields,
  });
  if (deps.handleSignals)
    closeOnSignals(queue, { graceMs: settings.BUMPWARDEN_SHUTDOWN_GRACE_MS, log: deps.log });
  deps.log.info(
    {
      endpoints: endpoints.value.map((e) => `${e.type}:${e.id}`),
      queue: settings.REDIS_URL ? "redis" : "memory",
    },
    "registry webhook ingest ready",
  );
  return {
    queue,
    endpoints: endpoints.value,
    routes: registryRoutes({
      endpoints: endpoints.value,
      queue,
      log: deps.log,
      ...(deps.observe ? { observe: deps.observe } : {}),
    }),
  };
}

function readEndpoints(settings: Settings, sources: EndpointSources): Result<Endpoint[], string> {
  const inline = settings.BUMPWARDEN_REGISTRY_ENDPOINTS;
  const file = settings.BUMPWARDEN_REGISTRY_ENDPOINTS_FILE;
  if (inline && file)
    return err("set BUMPWARDEN_REGISTRY_ENDPOINTS or BUMPWARDEN_REGISTRY_ENDPOINTS_FILE, not both");
  if (!inline && !file) return ok([]);
  const [where, text] = inline
    ? ["BUMPWARDEN_REGISTRY_ENDPOINTS", inline]
    : [file ?? "", sources.readFile(file ?? "")];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(`${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const loaded = loadEndpoints(json, sources);
  return loaded.ok ? loaded : err(`${where}: ${loaded.error}`);
}
