import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../src/drivers/probot/app.js";
import { createBumpwarden } from "../../../src/drivers/probot/app.js";
import { createTestProbot } from "../../harness/probot.js";
import { signedDelivery, webhookEvent } from "../../harness/webhooks.js";
import type { SignedDelivery } from "../../harness/webhooks.js";

/**
 * Probot's own route (`/api/github/webhooks`, verified by @octokit/webhooks) in front of the
 * whole app: hostile deliveries are refused with the right status and enqueue nothing. (Registry
 * routes: test/drivers/http/hostile-requests.test.ts.)
 */
const SECRET = "webhook-secret-for-tests";
let url = "";
let app: RunningApp | undefined;
let close = async () => {};

beforeAll(async () => {
  const probot = await createTestProbot(undefined, { secret: SECRET });
  const middleware = await createNodeMiddleware(
    createBumpwarden({
      env: { NODE_ENV: "test", BUMPWARDEN_RECONCILE_INTERVAL: "0" },
      handleSignals: false,
      onReady: (a) => (app = a),
    }),
    { probot },
  );
  const server = createServer(
    (req, res) => void middleware(req, res, () => res.writeHead(404).end()),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  close = async () => {
    await app?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
});
afterAll(() => close());

const send = (d: SignedDelivery) =>
  fetch(url, { method: "POST", headers: d.headers, body: d.body });
const queued = async () => {
  const s = await app?.queue.stats();
  return (s?.waiting ?? 0) + (s?.active ?? 0) + (s?.delayed ?? 0);
};
const payload = webhookEvent("pull_request", "opened", (p) => p.installation !== undefined).payload;
const event = { event: "pull_request" };

describe("GitHub's webhook route refuses hostile requests and enqueues nothing", () => {
  it.each<[string, number, () => SignedDelivery]>([
    ["a bad signature", 400, () => signedDelivery(payload, "wrong-secret")],
    [
      "no signature",
      400,
      () => {
        const { "x-hub-signature-256": _, ...headers } = signedDelivery(payload, SECRET).headers;
        return { ...signedDelivery(payload, SECRET), headers };
      },
    ],
    ["bad JSON (correctly signed)", 400, () => signedDelivery('{"action": ', SECRET, event)],
    [
      "a JSON bomb (100,000 levels, wrongly signed)",
      400,
      () => signedDelivery("[".repeat(100_000) + "]".repeat(100_000), "wrong", event),
    ],
    [
      "a 30 MB body (wrongly signed)",
      400,
      () => signedDelivery({ ...payload, padding: "x".repeat(30 << 20) }, "wrong", event),
    ],
    [
      "a wrong content type",
      415,
      () => {
        const d = signedDelivery(payload, SECRET);
        return { ...d, headers: { ...d.headers, "content-type": "text/plain" } };
      },
    ],
  ])("%s → %i", async (_what, status, make) => {
    expect((await send(make())).status).toBe(status);
    expect(await queued()).toBe(0);
  });

  it("answers a signed delivery that is not an event object without queueing anything", async () => {
    const bomb = signedDelivery("[".repeat(10_000) + "]".repeat(10_000), SECRET, event);
    expect((await send(bomb)).status).toBe(200);
    expect(await queued()).toBe(0);
  });

  it("queues the well-formed delivery (control)", async () => {
    expect((await send(signedDelivery(payload, SECRET))).status).toBe(200);
    expect(await queued()).toBeGreaterThan(0);
  });
});

describe("GitHub deliveries at `/`, the webhook URL Probot's setup page registers", () => {
  const root = () => new URL("/", url).href;
  const sendRoot = (d: SignedDelivery, headers: Record<string, string> = d.headers) =>
    fetch(root(), { method: "POST", headers, body: d.body });

  it("are verified and queued as at Probot's webhook path", async () => {
    const before = await queued();
    expect((await sendRoot(signedDelivery(payload, SECRET))).status).toBe(200);
    expect(await queued()).toBeGreaterThan(before);
  });

  it("are refused with a bad signature, and a POST without X-GitHub-Event is not one", async () => {
    const before = await queued();
    expect((await sendRoot(signedDelivery(payload, "wrong-secret"))).status).toBe(400);
    const d = signedDelivery(payload, SECRET);
    const { "x-github-event": _, ...headers } = d.headers;
    expect((await sendRoot(d, headers)).status).toBe(404);
    expect(await queued()).toBe(before);
  });
});
