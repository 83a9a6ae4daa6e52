import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { pino } from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { MemoryQueue } from "../src/adapters/queue/memory-queue.js";
import type { ImagePushed } from "../src/core/events/image-pushed.js";
import { ingestGithubEvent } from "../src/drivers/http/github-ingest.js";
import type { IngestJobData } from "../src/drivers/http/jobs.js";
import { imagePushedJob } from "../src/drivers/http/jobs.js";
import { registryRoutes } from "../src/drivers/http/registry-routes.js";
import type { Bench } from "./figure.js";
import { corpusUrl } from "../test/harness/corpus.js";

/**
 * Ingest of signed `registry_package` deliveries over loopback: bumpwarden's Probot (signature
 * check, normalize, dedupe, enqueue on the in-memory queue, registry routes mounted) against a
 * bare Probot whose handler does nothing, each in its own process, hit alternately by autocannon
 * with the same stream of distinct signed deliveries. Then the memory 10,000 queued jobs hold.
 */
const SECRET = "example-webhook-secret";
const corpus = corpusUrl("registry-webhooks/ghcr-registry-package.json");
const ROUNDS = 7;
const SECONDS = 2;
const CONNECTIONS = 16;

type Mode = "bare" | "bumpwarden";

/** Child-process side: one Probot on an ephemeral port, printed on stdout. */
async function serve(mode: Mode): Promise<void> {
  const log = pino({ level: "silent" });
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, log });
  // A worker that does nothing takes the jobs, as in a single-process deployment: the figure is
  // the ingest path (verify, normalize, dedupe, enqueue) plus the queue's own bookkeeping.
  const queue = new MemoryQueue<IngestJobData>();
  queue.process(async () => {}, { concurrency: 4 });
  const middleware = await createNodeMiddleware(
    (app, { addHandler }) => {
      if (mode === "bare") {
        app.on("registry_package", async () => {});
        return;
      }
      addHandler(registryRoutes({ endpoints: [], queue, log }));
      app.on(["registry_package", "package"], async (context) => {
        await ingestGithubEvent(queue, {
          event: context.name,
          deliveryId: context.id,
          payload: context.payload,
          receivedAt: new Date().toISOString(),
        });
      });
    },
    { probot },
  );
  process.once("SIGINT", () => process.exit(0)); // exit normally, so --cpu-prof can write its profile
  const server = createServer(
    (req, res) => void middleware(req, res, () => res.writeHead(404).end()),
  );
  server.listen(0, "127.0.0.1", () =>
    process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`),
  );
}

function startServer(mode: Mode): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_INGEST_SERVE: mode },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      const port = /port (\d+)/.exec(chunk.toString())?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}/api/github/webhooks` });
    });
  });
}

/** The corpus payload with a fresh tag per request, signed: every delivery is new to dedupe. */
function deliveries() {
  const text = readFileSync(corpus, "utf8");
  const [head, tail] = text.split('"name": "1.4.2"');
  let n = 0;
  return (request: autocannon.Request): autocannon.Request => {
    const body = `${head}"name": "1.4.${n++}-${process.pid}"${tail}`;
    request.body = body;
    request.headers = {
      "content-type": "application/json",
      "x-github-event": "registry_package",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    };
    return request;
  };
}

interface Load {
  rps: number;
  p99: number;
  errors: number;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function load(url: string): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: "POST", setupRequest: deliveries() }],
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

type MemoryMode = "none" | "events" | "queue";

/** Child-process side: heap in use, after full collections, while holding 10,000 jobs (or not). */
function measureMemory(mode: MemoryMode): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  const images = mode === "none" ? [] : Array.from({ length: 10_000 }, (_, n) => image(n));
  const queue = new MemoryQueue<IngestJobData>();
  if (mode === "queue") for (const i of images.splice(0)) void queue.enqueue(imagePushedJob(i));
  for (let i = 0; i < 4; i++) gc();
  const held = [images, queue];
  process.stdout.write(`heap ${process.memoryUsage().heapUsed} ${held.length}\n`);
}

async function heapOf(mode: MemoryMode): Promise<number> {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url)],
    {
      env: { ...process.env, BENCH_INGEST_MEMORY: mode },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once("exit", resolve));
  const heap = /heap (\d+)/.exec(out)?.[1];
  if (!heap) throw new Error(`memory child (${mode}) printed no figure`);
  return Number(heap);
}

function image(n: number): ImagePushed {
  return {
    repository: `ghcr.io/acme/service-${n % 50}`,
    tag: `1.${Math.floor(n / 50)}.${n % 50}`,
    digest: `sha256:${n.toString(16).padStart(64, "0")}`,
    source: "ghcr",
    deliveryId: `ghcr:${randomUUID()}`,
    receivedAt: "2025-06-12T14:03:12.000Z",
  };
}

const bench: Bench = async (report) => {
  const none = await heapOf("none");
  const raw = (await heapOf("events")) - none;
  const queued = (await heapOf("queue")) - none;
  report({
    name: "ingest.memory.10k-queued-jobs",
    value: queued / 1024 / 1024,
    unit: "MiB",
    baseline: raw / 1024 / 1024,
    ratio: queued / raw,
    note: `in-memory queue holding 10,000 image-pushed jobs (+ dedupe marks) vs the bare events; ${Math.round(queued / 10_000)} B/job`,
  });
  const bare = await startServer("bare");
  const ours = await startServer("bumpwarden");
  try {
    await load(bare.url);
    await load(ours.url);
    // Paired rounds (bare then bumpwarden, back to back) and medians: a burst of load from
    // elsewhere on the machine hits one pair, not the figure.
    const rounds: { bare: Load; ours: Load }[] = [];
    for (let round = 0; round < ROUNDS; round++)
      rounds.push({ bare: await load(bare.url), ours: await load(ours.url) });
    const errors = rounds.reduce((n, r) => n + r.bare.errors + r.ours.errors, 0);
    const note = `${CONNECTIONS} connections, ${ROUNDS} paired rounds of ${SECONDS}s, medians; errors+non-2xx: ${errors}`;
    report({
      name: "ingest.registry_package.throughput",
      value: median(rounds.map((r) => r.ours.rps)),
      unit: "req/s",
      baseline: median(rounds.map((r) => r.bare.rps)),
      ratio: median(rounds.map((r) => r.ours.rps / r.bare.rps)),
      note: `${note}; target ratio ≥ 0.9`,
    });
    report({
      name: "ingest.registry_package.p99",
      value: median(rounds.map((r) => r.ours.p99)),
      unit: "ms",
      baseline: median(rounds.map((r) => r.bare.p99)),
      ratio: median(rounds.map((r) => r.ours.p99 / r.bare.p99)),
      note: "lower is better; baseline: bare Probot, empty handler",
    });
  } finally {
    bare.child.kill();
    ours.child.kill();
  }
};

export default bench;

const mode = process.env.BENCH_INGEST_SERVE;
if (mode === "bare" || mode === "bumpwarden") await serve(mode);
const memory = process.env.BENCH_INGEST_MEMORY;
if (memory === "none" || memory === "events" || memory === "queue") measureMemory(memory);
