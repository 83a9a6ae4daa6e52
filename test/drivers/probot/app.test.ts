import { readFileSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Server } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import app from "../../../src/index.js";
import { captureLog, createTestProbot, testProbotClass } from "../../harness/probot.js";
import { signedDelivery, webhookEvent, webhookExample } from "../../harness/webhooks.js";

const SECRET = "webhook-secret-for-tests";
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
/** What the app's GitHub ingest said about each delivery it handled. */
const ingested = (records: { msg: string }[]) =>
  records.filter((r) => r.msg === "github event queued" || r.msg === "github event not queued");

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The real app behind Probot's own Node middleware, on a loopback port. */
async function serveApp(log: ReturnType<typeof captureLog>["log"]): Promise<string> {
  const probot = await createTestProbot(undefined, { secret: SECRET, log });
  const middleware = await createNodeMiddleware(app, { probot });
  return listen(
    createServer((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end());
    }),
  );
}

describe("the bumpwarden Probot app", () => {
  it("runs its registry_package handler for a real example through probot.receive()", async () => {
    const { log, records } = captureLog();
    const probot = await createTestProbot(app, { log });
    const event = webhookEvent(
      "registry_package",
      "published",
      (p) => p.registry_package.package_version?.container_metadata?.tag?.digest !== undefined,
    );
    await probot.receive(event);
    // GitHub's example carries a 40-hex "sha256" digest: heard, normalized, refused, nothing queued.
    expect(ingested(records)).toEqual([
      expect.objectContaining({
        msg: "github event not queued",
        outcome: "invalid",
        reason: expect.stringMatching(/is not a valid digest/),
      }),
    ]);
  });

  it("runs it for a signed HTTP delivery at Probot's webhook path", async () => {
    const { log, records } = captureLog();
    const url = await serveApp(log);
    const payload = webhookExample("registry_package", "published");
    const delivery = signedDelivery(payload, SECRET);
    const response = await fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(200);
    expect(ingested(records)).toHaveLength(1);
  });

  it("runs it for the exact bytes and signature of a ghcr.io delivery (shared corpus)", async () => {
    const body = readFileSync(fixture("ghcr-registry-package.json"), "utf8");
    const headers = JSON.parse(
      readFileSync(fixture("ghcr-registry-package.headers.json"), "utf8"),
    ) as Record<string, string>;
    const ours = signedDelivery(body, "example-webhook-secret", { event: "registry_package" });
    expect(ours.headers["x-hub-signature-256"]).toBe(headers["X-Hub-Signature-256"]);

    const { log, records } = captureLog();
    const probot = await createTestProbot(undefined, { secret: "example-webhook-secret", log });
    const middleware = await createNodeMiddleware(app, { probot });
    const url = await listen(createServer((req, res) => void middleware(req, res)));
    const response = await fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
    expect(response.status).toBe(200);
    expect(ingested(records)).toEqual([
      expect.objectContaining({
        msg: "github event queued",
        jobs: [expect.objectContaining({ status: "queued" })],
      }),
    ]);
  });

  it("refuses a delivery whose signature does not match, without running the handler", async () => {
    const { log, records } = captureLog();
    const url = await serveApp(log);
    const delivery = signedDelivery(
      webhookExample("registry_package", "published"),
      "wrong-secret",
    );
    const response = await fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(400);
    expect(ingested(records)).toEqual([]);
  });

  it("answers GET /healthz with 200 through the Probot server", async () => {
    const { log } = captureLog("warn");
    const port = await freePort();
    const server = new Server({ Probot: testProbotClass({ log }), host: "127.0.0.1", port, log });
    await server.load(app);
    await server.start();
    closers.push(() => server.stop());
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

/** Probot's Server treats port 0 as "unset" (3000), so ask the OS for a free port first. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
