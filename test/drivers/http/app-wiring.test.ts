import { createServer as createNetServer } from "node:net";
import type { AddressInfo } from "node:net";
import { Server } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { Writable } from "node:stream";
import { redactLogOptions } from "../../../src/drivers/http/log-redaction.js";
import { bumpwarden } from "../../../src/drivers/probot/app.js";
import { captureLog, testProbotClass } from "../../harness/probot.js";
import { corpusBytes, corpusHeaders, hubToken } from "./fixtures.js";

const endpoints = [
  { id: "hub", type: "dockerhub", pathTokens: [hubToken] },
  { id: "harbor", type: "harbor", secrets: ["Bearer example-harbor-auth-header-value"] },
];

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** Like the harness's captureLog, with the production redaction when `redact` is set. */
function logger(redact: boolean) {
  if (!redact) return captureLog("info");
  const records: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n"))
        if (line.trim()) records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "info", redact: redactLogOptions }, sink), records };
}

async function startApp(redact: boolean) {
  vi.stubEnv("BUMPWARDEN_REGISTRY_ENDPOINTS", JSON.stringify(endpoints));
  const { log, records } = logger(redact);
  const port = await freePort();
  const server = new Server({ Probot: testProbotClass({ log }), log, port, host: "127.0.0.1" });
  await server.load(bumpwarden);
  await server.start();
  return { server, records, url: `http://127.0.0.1:${port}` };
}

afterEach(() => vi.unstubAllEnvs());

describe("bumpwarden app wiring", () => {
  it("serves the registry routes next to Probot's, configured from the environment", async () => {
    const { server, url } = await startApp(true);
    try {
      const hub = await fetch(`${url}/hooks/hub/${hubToken}`, {
        method: "POST",
        body: corpusBytes("dockerhub"),
        headers: corpusHeaders("dockerhub"),
      });
      expect(hub.status).toBe(202);
      const harbor = await fetch(`${url}/hooks/harbor`, {
        method: "POST",
        body: corpusBytes("harbor"),
        headers: corpusHeaders("harbor"),
      });
      expect(harbor.status).toBe(202);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("with redactLogOptions on the root logger, Probot's access log holds neither path tokens nor auth headers", async () => {
    const { server, url, records } = await startApp(true);
    try {
      await fetch(`${url}/hooks/hub/${hubToken}`, {
        method: "POST",
        body: corpusBytes("dockerhub"),
        headers: corpusHeaders("dockerhub"),
      });
      await fetch(`${url}/hooks/harbor`, {
        method: "POST",
        body: corpusBytes("harbor"),
        headers: corpusHeaders("harbor"),
      });
      await vi.waitFor(() => expect(records.filter((r) => r.name === "http")).toHaveLength(2));
      const text = JSON.stringify(records);
      expect(text).toContain("/hooks/hub/[redacted]");
      expect(text).not.toContain(hubToken);
      expect(text).not.toContain("example-harbor-auth-header-value");
      expect(text).toContain('"user-agent":"node"');
    } finally {
      await server.stop();
    }
  });

  it("without it, Probot's default access log would record the request headers (why the options exist)", async () => {
    const { server, url, records } = await startApp(false);
    try {
      await fetch(`${url}/hooks/harbor`, {
        method: "POST",
        body: corpusBytes("harbor"),
        headers: corpusHeaders("harbor"),
      });
      await vi.waitFor(() => expect(records.filter((r) => r.name === "http")).toHaveLength(1));
      expect(JSON.stringify(records)).toContain("example-harbor-auth-header-value");
    } finally {
      await server.stop();
    }
  });
});
