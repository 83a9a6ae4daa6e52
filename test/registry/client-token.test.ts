import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCredentialStore,
  createRegistryClient,
  loadCredentialStore,
} from "../../src/adapters/registry/index.js";
import type { CredentialStore } from "../../src/adapters/registry/index.js";
import type { RequestEvent } from "../../src/adapters/registry/transport.js";
import type { Clock } from "../../src/ports/clock.js";
import { mustHave } from "../harness/services.js";
import { buildImage, skopeoCopy, writeLayout } from "./harness/oci-layout.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";

const run = mustHave(registryCheck());

describe.runIf(run)("registry client against distribution with token auth (Bearer)", () => {
  let reg: TestRegistry;
  const image = buildImage({ content: "token-auth" });
  let now = Date.parse("2026-06-01T00:00:00Z");
  const clock: Clock = { now: () => new Date(now) };
  const events: RequestEvent[] = [];

  const client = (credentials: CredentialStore) =>
    createRegistryClient({
      credentials,
      clock,
      insecureHosts: [reg.host],
      onRequest: (e) => events.push(e),
    });
  const withUser = () =>
    createCredentialStore(
      {
        [`BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_USERNAME`]: reg.user.username,
        [`BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_PASSWORD`]: reg.user.password,
      },
      [],
    );
  const tokenRequests = () => reg.token?.requests.length ?? 0;

  beforeAll(async () => {
    reg = await startRegistry({ auth: "token", publicPrefix: "public/" });
    const layout = await writeLayout(image, "1.0.0");
    await skopeoCopy(layout, "1.0.0", `${reg.host}/acme/private:1.0.0`, { creds: reg.user });
    await skopeoCopy(layout, "1.0.0", `${reg.host}/public/tool:2.1.0`, { creds: reg.user });
  }, 60_000);
  afterAll(async () => reg?.stop());

  it("answers the Bearer challenge with credentials and reuses the token for the scope", async () => {
    events.length = 0;
    const before = tokenRequests();
    const c = client(withUser());
    expect(await c.listTags(`${reg.host}/acme/private`)).toEqual({ ok: true, value: ["1.0.0"] });
    expect(await c.getDigest(`${reg.host}/acme/private`, "1.0.0")).toEqual({
      ok: true,
      value: image.manifest.digest,
    });
    expect(tokenRequests() - before).toBe(1);
    expect(reg.token?.requests.at(-1)).toEqual({
      method: "GET",
      scope: ["repository:acme/private:pull"],
      as: reg.user.username,
    });
    // Only the very first request met a 401: later ones carry the token up front.
    expect(events.filter((e) => e.status === 401)).toHaveLength(1);
  });

  it("fetches a new token once the old one expires (injected clock)", async () => {
    const c = client(withUser());
    await c.getManifest(`${reg.host}/acme/private`, image.manifest.digest);
    const before = tokenRequests();
    now += 301_000;
    const r = await c.getManifest(`${reg.host}/acme/private`, "1.0.0");
    expect(r.ok).toBe(true);
    expect(tokenRequests() - before).toBe(1);
  });

  it("pulls a public repository anonymously", async () => {
    const r = await client(createCredentialStore({}, [])).listTags(`${reg.host}/public/tool`);
    expect(r).toEqual({ ok: true, value: ["2.1.0"] });
    expect(reg.token?.requests.at(-1)?.as).toBe("anonymous");
  });

  it("anonymous access to a private repository is a clear unauthorized error", async () => {
    const r = await client(createCredentialStore({}, [])).listTags(`${reg.host}/acme/private`);
    expect(r.ok ? "ok" : [r.error.code, r.error.message]).toEqual([
      "unauthorized",
      expect.stringContaining("needs credentials for repository:acme/private:pull"),
    ]);
  });

  it("reads auth and identitytoken entries from a Docker config.json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bumpwarden-dockercfg-"));
    reg.token?.refreshTokens.set("refresh-abc", reg.user.username);
    await writeFile(
      join(dir, "config.json"),
      JSON.stringify({
        auths: { [`http://${reg.host}`]: { identitytoken: "refresh-abc" } },
        credsStore: "desktop",
      }),
    );
    const store = await loadCredentialStore({ DOCKER_CONFIG: dir });
    expect(store.ok).toBe(true);
    if (!store.ok) return;
    const r = await client(store.value).getDigest(`${reg.host}/acme/private`, "1.0.0");
    expect(r).toEqual({ ok: true, value: image.manifest.digest });
    expect(reg.token?.requests.at(-1)).toMatchObject({ method: "POST", as: reg.user.username });

    await writeFile(
      join(dir, "config.json"),
      JSON.stringify({
        auths: {
          [reg.host]: {
            auth: Buffer.from(`${reg.user.username}:${reg.user.password}`).toString("base64"),
          },
        },
      }),
    );
    const basic = await loadCredentialStore({ DOCKER_CONFIG: dir });
    const r2 = basic.ok ? await client(basic.value).listTags(`${reg.host}/acme/private`) : null;
    expect(r2).toEqual({ ok: true, value: ["1.0.0"] });
  });

  it("a malformed config.json is an error naming the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bumpwarden-dockercfg-"));
    await writeFile(join(dir, "config.json"), "{ not json");
    const store = await loadCredentialStore({ DOCKER_CONFIG: dir });
    expect(store.ok ? "ok" : store.error).toMatch(/config\.json: not a Docker config\.json/);
  });
});
