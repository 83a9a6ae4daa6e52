import type { IncomingMessage, ServerResponse } from "node:http";

/** `GET /healthz`: the process is up and serving HTTP (liveness). Checks no dependency on purpose:
 * a Redis or GitHub outage must not make Kubernetes restart every replica. */
export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0];
  if (req.method !== "GET" || path !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ status: "ok" }));
  return true;
}
