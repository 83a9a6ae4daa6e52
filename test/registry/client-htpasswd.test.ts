import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCredentialStore,
  createRegistryClient,
  envPrefix,
  parseDockerConfig,
} from "../../src/adapters/registry/index.js";
import type { RequestEvent } from "../../src/adapters/registry/transport.js";
import { systemClock } from "../../src/ports/clock.js";
import { mustHave } from "../harness/services.js";
import { buildImage, buildIndex, skopeoCopy, writeLayout } from "./harness/oci-layout.js";
import { startPaginatingProxy } from "./harness/paginating-proxy.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";

const run = mustHave(registryCheck());

describe.runIf(run)("registry client against distribution with htpasswd (Basic) auth", () => {
  let reg: TestRegistry;
  let repo: string;
  const events: RequestEvent[] = [];
  const labels = {
    "org.opencontainers.image.source": "https://github.com/acme/api",
    "org.opencontainers.image.revision": "3f2a9c1aaaaabbbbbccccdddddeeeeefffff0000",
    "org.opencontainers.image.created": "2026-03-01T10:00:00Z",
    "org.opencontainers.image.version": "1.8.0",
  };
  const single = buildImage({ labels, content: "single" });
  const multi = buildIndex([
    { arch: "arm64", labels: { ...labels, arch: "arm64" } },
    { arch: "amd64", labels: { ...labels, arch: "amd64" } },
  ]);

  const client = (username?: string, password?: string) =>
    createRegistryClient({
      credentials: createCredentialStore({}, [
        parseDockerConfig(
          JSON.stringify({
            auths: {
              [reg.host]: {
                auth: Buffer.from(
                  `${username ?? reg.user.username}:${password ?? reg.user.password}`,
                ).toString("base64"),
              },
            },
          }),
        ),
      ]),
      clock: systemClock,
      insecureHosts: [reg.host],
      onRequest: (e) => events.push(e),
    });

  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    repo = `${reg.host}/acme/api`;
    await skopeoCopy(await writeLayout(single, "1.8.0"), "1.8.0", `${repo}:1.8.0`, {
      creds: reg.user,
    });
    await skopeoCopy(await writeLayout(multi, "multi"), "multi", `${repo}:1.9.0`, {
      creds: reg.user,
      all: true,
    });
    await skopeoCopy(
      await writeLayout(single, "docker"),
      "docker",
      `${reg.host}/acme/legacy:1.0.0`,
      { creds: reg.user, format: "v2s2" },
    );
    const tags = Array.from({ length: 1_205 }, (_, i) => `build-${i}`);
    await new Pusher(reg).artifact("acme/many", "seed", single);
    await new Pusher(reg).tags("acme/many", single.manifest, tags);
  }, 120_000);
  afterAll(async () => reg?.stop());

  it("lists more than 1,000 tags from the registry", async () => {
    const r = await client().listTags(`${reg.host}/acme/many`);
    expect(r.ok && r.value.length).toBe(1_206);
    if (r.ok) expect(new Set(r.value).has("build-1204")).toBe(true);
  });

  it("follows Link pagination (n, last) across pages, credentials included", async () => {
    const proxy = await startPaginatingProxy(reg.url);
    try {
      events.length = 0;
      const c = createRegistryClient({
        credentials: createCredentialStore(
          {
            [`${envPrefix(proxy.host)}_USERNAME`]: reg.user.username,
            [`${envPrefix(proxy.host)}_PASSWORD`]: reg.user.password,
          },
          [],
        ),
        clock: systemClock,
        insecureHosts: [proxy.host],
        pageSize: 500,
        onRequest: (e) => events.push(e),
      });
      const r = await c.listTags(`${proxy.host}/acme/many`);
      expect(r.ok && r.value.length).toBe(1_206);
      expect(r.ok && new Set(r.value).size).toBe(1_206);
      const pages = events.filter((e) => e.url.includes("/tags/list") && e.status === 200);
      const sorted = r.ok ? [...r.value].sort() : [];
      expect(pages.map((p) => new URL(p.url).searchParams.get("last"))).toEqual([
        null,
        sorted[499],
        sorted[999],
      ]);
    } finally {
      await proxy.close();
    }
  });

  it("resolves a tag to its digest with HEAD and reads an OCI single manifest", async () => {
    const c = client();
    const d = await c.getDigest(repo, "1.8.0");
    expect(d).toEqual({ ok: true, value: single.manifest.digest });
    const m = await c.getManifest(repo, "1.8.0");
    expect(m.ok && [m.value.kind, m.value.mediaType, m.value.digest]).toEqual([
      "image",
      "application/vnd.oci.image.manifest.v1+json",
      single.manifest.digest,
    ]);
  });

  it("reads a multi-arch index and the linux/amd64 config labels", async () => {
    const c = client();
    const m = await c.getManifest(repo, "1.9.0");
    expect(m.ok && m.value.kind).toBe("index");
    expect(m.ok && m.value.manifests.map((d) => d.platform?.architecture)).toEqual([
      "arm64",
      "amd64",
    ]);
    const cfg = await c.getImageConfig(repo, m.ok ? m.value.digest : "");
    expect(cfg.ok && cfg.value).toMatchObject({
      platform: { os: "linux", architecture: "amd64" },
      source: "https://github.com/acme/api",
      revision: labels["org.opencontainers.image.revision"],
      version: "1.8.0",
      created: "2026-01-01T00:00:00Z",
    });
    expect(cfg.ok && cfg.value.labels.arch).toBe("amd64");
  });

  it("reads Docker v2 schema 2 manifests", async () => {
    const m = await client().getManifest(`${reg.host}/acme/legacy`, "1.0.0");
    expect(m.ok && [m.value.kind, m.value.mediaType]).toEqual([
      "image",
      "application/vnd.docker.distribution.manifest.v2+json",
    ]);
    const cfg = await client().getImageConfig(
      `${reg.host}/acme/legacy`,
      m.ok ? m.value.digest : "",
    );
    expect(cfg.ok && cfg.value.source).toBe("https://github.com/acme/api");
  });

  it("reads blobs and checks their digest", async () => {
    const config = single.blobs[0];
    const b = await client().getBlob(repo, config?.digest ?? "");
    expect(b.ok && Buffer.from(b.value).equals(Buffer.from(config?.bytes ?? []))).toBe(true);
  });

  it("reports wrong credentials, unknown tags and unknown repositories as typed errors", async () => {
    const bad = await client("ci-bot", "wrong").listTags(repo);
    expect(bad.ok ? "ok" : [bad.error.code, bad.error.message]).toEqual([
      "unauthorized",
      `${reg.host} refused the configured credentials for repository:acme/api:pull`,
    ]);
    const missing = await client().getDigest(repo, "0.0.1");
    expect(missing.ok ? "ok" : missing.error.code).toBe("not-found");
    const none = await client().listTags(`${reg.host}/acme/nothing`);
    expect(none.ok ? "ok" : none.error.message).toMatch(/tags not found \(NAME_UNKNOWN/);
  });

  it("without credentials, names the variables to set", async () => {
    const c = createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock: systemClock,
      insecureHosts: [reg.host],
    });
    const r = await c.listTags(repo);
    expect(r.ok ? "ok" : r.error.message).toContain(
      `BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_USERNAME`,
    );
  });

  it("refuses plain HTTP to a host not configured as insecure", async () => {
    const c = createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock: systemClock,
      maxRetries: 0,
    });
    const r = await c.listTags(repo);
    expect(r.ok ? "ok" : r.error.code).toBe("network");
  });
});
