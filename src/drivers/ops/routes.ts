import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "../../adapters/metrics/index.js";
import { healthHandler } from "./health.js";
import type { Readiness } from "./readiness.js";

export interface OpsRoutesOptions {
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
}

/**
 * Probot `addHandler` handler for the operations endpoints:
 * `GET /healthz` (liveness), `GET /readyz` (readiness, 503 with the failing checks) and
 * `GET /metrics` (Prometheus text exposition). Anything else falls through (returns false).
 */
export function opsRoutes(
  options: OpsRoutesOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (healthHandler(req, res)) return true;
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || (path !== "/readyz" && path !== "/metrics")) return false;
    if (path === "/metrics") {
      const text = await options.metrics.registry.metrics();
      res.writeHead(200, {
        "content-type": options.metrics.registry.contentType,
        "cache-control": "no-store",
      });
      res.end(text);
      return true;
    }
    const { ready, checks } = await options.readiness();
    res.writeHead(ready ? 200 : 503, {
      "content-type": "application/json",
      "cache-control": "no-store",
    });
    res.end(JSON.stringify({ status: ready ? "ready" : "not ready", checks }));
    return true;
  };
}
