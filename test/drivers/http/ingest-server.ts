import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createNodeMiddleware, Probot } from "probot";
import { pino } from "pino";
import { Writable } from "node:stream";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import type { EndpointSources } from "../../../src/drivers/http/endpoints.js";
import { loadEndpoints } from "../../../src/drivers/http/endpoints.js";
import type { IngestJobData } from "../../../src/drivers/http/jobs.js";
import { registryRoutes } from "../../../src/drivers/http/registry-routes.js";
import type { IngestObserver } from "../../../src/drivers/http/registry-routes.js";
import type { Queue } from "../../../src/ports/queue.js";

export const appPrivateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

export interface IngestServer {
  url: string;
  queue: Queue<IngestJobData>;
  /** Every log line written by the app (Probot's and the routes'), as text. */
  logs: string[];
  /** Bytes the server has read from all its connections so far. */
  bytesRead(): number;
  close(): Promise<void>;
}

/** A real Probot (its node middleware, its logger) with the registry routes added, on loopback. */
export async function startIngestServer(
  config: unknown,
  options: {
    now?: () => Date;
    sources?: Partial<EndpointSources>;
    queue?: Queue<IngestJobData>;
    observe?: IngestObserver;
  } = {},
): Promise<IngestServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: "trace" }, sink);
  const endpoints = loadEndpoints(config, { env: {}, readFile: () => "", ...options.sources });
  if (!endpoints.ok) throw new Error(endpoints.error);
  const queue = options.queue ?? new MemoryQueue<IngestJobData>();
  const probot = new Probot({
    appId: 1,
    privateKey: appPrivateKey,
    secret: "example-webhook-secret",
    log,
  });
  const routes = registryRoutes({
    endpoints: endpoints.value,
    queue,
    log: log.child({ name: "ingest" }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
  });
  const middleware = await createNodeMiddleware((_app, { addHandler }) => addHandler(routes), {
    probot,
  });
  const server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  const sockets: Socket[] = [];
  server.on("connection", (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queue,
    logs,
    bytesRead: () => sockets.reduce((sum, s) => sum + s.bytesRead, 0),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.queue) await queue.close({ graceMs: 100 });
    },
  };
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Reply> {
  const res = await fetch(url, { method: "POST", body, headers });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
