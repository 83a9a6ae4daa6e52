import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "probot";
import { bumpwarden } from "../../src/drivers/probot/app.js";
import { captureLog, testProbotClass } from "../harness/probot.js";

/** Probot's Server treats port 0 as "unset" (3000), so ask the OS for a free port first. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The real app in Probot's real server on a loopback port; `stop` closes it. */
export async function startApp(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { log } = captureLog("warn");
  const port = await freePort();
  const server = new Server({ Probot: testProbotClass({ log }), host: "127.0.0.1", port, log });
  await server.load(bumpwarden);
  await server.start();
  return { url: `http://127.0.0.1:${port}`, stop: () => server.stop() };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

/** One `addHandler` handler on a plain HTTP server (404 when it declines). */
export async function serveHandler(
  handler: Handler,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void Promise.resolve(handler(req, res)).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
