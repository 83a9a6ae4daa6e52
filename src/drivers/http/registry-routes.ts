import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonDepthExceeds, maxJsonDepth } from "../../core/events/json-depth.js";
import { registryNormalizers } from "../../core/events/registry-normalizers.js";
import type { RegistryKind } from "../../core/events/registry-normalizers.js";
import type { Queue } from "../../ports/queue.js";
import { matchesAnyHash, verifyBasic, verifyHmac } from "./auth.js";
import { readBody } from "./body.js";
import { enqueueAccepted } from "./enqueue-outcome.js";
import type { Endpoint } from "./endpoints.js";
import type { IngestJobData } from "./jobs.js";
import { respond } from "./respond.js";

export const hooksPrefix = "/hooks/";

export interface IngestLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

export interface RegistryRoutesOptions {
  endpoints: readonly Endpoint[];
  queue: Queue<IngestJobData>;
  log: IngestLog;
  now?: () => Date;
  /** Told what became of each delivery (for `bumpwarden_events_received_total`). */
  observe?: IngestObserver;
}

export type IngestOutcome = "accepted" | "duplicate" | "ignored" | "invalid" | "refused" | "failed";
export type IngestObserver = (source: string, outcome: IngestOutcome, count?: number) => void;

/** Media types each sender uses; `application/json` is always accepted. */
const extraMediaTypes: Partial<Record<RegistryKind, readonly string[]>> = {
  distribution: ["application/vnd.docker.distribution.events.v2+json"],
  harbor: ["application/cloudevents+json"],
};

/**
 * Probot `addHandler` handler for `POST /hooks/<endpoint>[/<path token>]`: authenticate, read at
 * most 1 MB, parse, normalize, enqueue, answer 202 — all work happens in the workers. Every refusal
 * is logged with its reason; the path token never is (the URL is rewritten before anything logs it).
 */
export function registryRoutes(
  options: RegistryRoutesOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const byId = new Map(options.endpoints.map((e) => [e.id, e]));
  const now = options.now ?? (() => new Date());
  const { log, queue } = options;
  const observe = options.observe ?? (() => {});

  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (!path.startsWith(hooksPrefix)) return false;
    const [id = "", token, ...rest] = path.slice(hooksPrefix.length).split("/");
    if (token !== undefined) req.url = `${hooksPrefix}${id}/[redacted]`;
    const endpoint = byId.get(id);
    const refuse = (status: number, reason: string, close = true) => {
      observe(endpoint?.type ?? "unknown", status === 400 ? "invalid" : "refused");
      log.warn(
        { endpoint: endpoint?.id ?? id.slice(0, 64), status, reason },
        "registry webhook refused",
      );
      return respond(res, status, { error: reason }, close);
    };
    if (!endpoint || rest.length > 0) return refuse(404, "no such webhook endpoint");
    if (req.method !== "POST") return refuse(405, "use POST");

    const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (mediaType !== "application/json" && !extraMediaTypes[endpoint.type]?.includes(mediaType)) {
      return refuse(415, `content type ${JSON.stringify(mediaType.slice(0, 100))} is not accepted`);
    }
    if (token !== undefined && !matchesAnyHash(token, endpoint.pathTokenHashes))
      return refuse(401, "unknown path token");
    const headerAuthNeeded = token === undefined;
    if (headerAuthNeeded && endpoint.auth.length === 0)
      return refuse(401, "this endpoint authenticates by path token");

    const receivedAt = now();
    const preBody = headerAuthNeeded
      ? await authenticateHeaders(endpoint, req, receivedAt)
      : { ok: true as const };
    if (!preBody.ok && !preBody.needsBody) return refuse(preBody.status, preBody.reason);

    const body = await readBody(req);
    if (!body.ok) return refuse(body.status, body.reason);
    if (!preBody.ok && !verifyBodySignature(endpoint, req, body.raw))
      return refuse(401, "bad signature");

    const text = body.raw.toString("utf8");
    if (jsonDepthExceeds(text, maxJsonDepth)) return refuse(400, "JSON nests too deeply", false);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return refuse(400, "body is not JSON", false);
    }

    const headers = lowerCaseHeaders(req);
    const outcome = registryNormalizers[endpoint.type]({
      body: json,
      headers,
      receivedAt: receivedAt.toISOString(),
      ...(endpoint.registry ? { registry: endpoint.registry } : {}),
    });
    const fields = { endpoint: endpoint.id, type: endpoint.type };
    if (outcome.kind === "invalid") return refuse(400, outcome.reason, false);
    if (outcome.kind === "ignored") {
      observe(endpoint.type, "ignored");
      log.info({ ...fields, reason: outcome.reason }, "registry webhook ignored");
      return respond(res, 202, { ignored: outcome.reason });
    }
    try {
      const jobs = await enqueueAccepted(queue, outcome);
      const duplicates = jobs.filter((j) => j.status === "duplicate").length;
      if (jobs.length > duplicates) observe(endpoint.type, "accepted", jobs.length - duplicates);
      if (duplicates > 0) observe(endpoint.type, "duplicate", duplicates);
      // One delivery may carry several images (Quay's updated_tags), each with its own id.
      const ids = [...new Set(jobs.map((j) => j.deliveryId))];
      const delivery = ids.length === 1 ? { deliveryId: ids[0] } : { deliveryIds: ids };
      log.info({ ...fields, ...delivery, jobs }, "registry webhook accepted");
      return respond(res, 202, { accepted: jobs });
    } catch (e) {
      observe(endpoint.type, "failed");
      log.error(
        { ...fields, err: e instanceof Error ? e.message : String(e) },
        "registry webhook not enqueued",
      );
      return respond(res, 503, { error: "queue unavailable, retry later" });
    }
  };
}

type PreBody =
  | { ok: true }
  | { ok: false; needsBody: false; status: number; reason: string }
  | { ok: false; needsBody: true };

/** Header credentials are checked before the body is read; HMAC signatures need the body. */
async function authenticateHeaders(
  endpoint: Endpoint,
  req: IncomingMessage,
  now: Date,
): Promise<PreBody> {
  let refusal: { status: number; reason: string } = {
    status: 401,
    reason: "missing or wrong credentials",
  };
  let hmac = false;
  for (const auth of endpoint.auth) {
    // An HMAC needs the body; without its header there is nothing to check it against.
    if (auth.kind === "hmac") hmac ||= header(req, auth.header) !== undefined;
    else if (auth.kind === "token" && matchesAnyHash(header(req, auth.header) ?? "", auth.hashes))
      return { ok: true };
    else if (auth.kind === "basic" && verifyBasic(header(req, "authorization"), auth))
      return { ok: true };
    else if (auth.kind === "oidc") {
      const verdict = await auth.verify(header(req, "authorization"), now);
      if (verdict.ok) return { ok: true };
      refusal = verdict.error;
    }
  }
  if (hmac) return { ok: false, needsBody: true };
  const signed = endpoint.auth.some((a) => a.kind === "hmac");
  return {
    ok: false,
    needsBody: false,
    ...(signed ? { status: 401, reason: "missing signature" } : refusal),
  };
}

function verifyBodySignature(endpoint: Endpoint, req: IncomingMessage, raw: Buffer): boolean {
  return endpoint.auth.some(
    (a) =>
      a.kind === "hmac" && verifyHmac(raw, header(req, a.header), a.keys, a.algorithm, a.prefix),
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}
