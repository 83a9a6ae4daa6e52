import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createCredentialStore,
  createRegistryClient,
  locate,
} from "../../src/adapters/registry/index.js";
import { parseChallenge } from "../../src/adapters/registry/challenge.js";
import { parseDockerConfig } from "../../src/adapters/registry/credentials.js";
import { pickPlatform } from "../../src/adapters/registry/manifest.js";
import { nextPage } from "../../src/adapters/registry/tags.js";
import { systemClock } from "../../src/ports/clock.js";
import { FakeRegistry } from "./harness/fake-registry.js";
import { buildImage } from "./harness/oci-layout.js";

describe("registry names, challenges, links and config files", () => {
  it.each([
    ["nginx", { host: "docker.io", apiHost: "registry-1.docker.io", path: "library/nginx" }],
    [
      "docker.io/library/nginx",
      { host: "docker.io", apiHost: "registry-1.docker.io", path: "library/nginx" },
    ],
    [
      "index.docker.io/bitnami/redis",
      { host: "docker.io", apiHost: "registry-1.docker.io", path: "bitnami/redis" },
    ],
    ["ghcr.io/acme/api", { host: "ghcr.io", apiHost: "ghcr.io", path: "acme/api" }],
    ["localhost:5000/x", { host: "localhost:5000", apiHost: "localhost:5000", path: "x" }],
    [
      "europe-west1-docker.pkg.dev/p/r/img",
      {
        host: "europe-west1-docker.pkg.dev",
        apiHost: "europe-west1-docker.pkg.dev",
        path: "p/r/img",
      },
    ],
  ])("locates %s", (repo, where) => expect(locate(repo)).toEqual(where));

  it("parses registry challenges with quoted and escaped values", () => {
    expect(
      parseChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"',
      ),
    ).toEqual({
      scheme: "bearer",
      params: {
        realm: "https://ghcr.io/token",
        service: "ghcr.io",
        scope: "repository:acme/api:pull",
      },
    });
    expect(parseChallenge('Basic realm="Registry \\"realm\\""')).toEqual({
      scheme: "basic",
      params: { realm: 'Registry "realm"' },
    });
    expect(parseChallenge(null)).toBeNull();
  });

  it("follows only next links inside the same repository", () => {
    expect(nextPage('</v2/acme/api/tags/list?n=2&last=b>; rel="next"', "acme/api")).toBe(
      "/tags/list?n=2&last=b",
    );
    expect(
      nextPage('<https://other.example/v2/acme/api/tags/list?last=b>; rel="next"', "acme/api"),
    ).toBe("/tags/list?last=b");
    expect(nextPage('</v2/evil/tags/list?last=b>; rel="next"', "acme/api")).toBeNull();
    expect(nextPage('</v2/acme/api/tags/list?last=b>; rel="prev"', "acme/api")).toBeNull();
  });

  it("reads labels from linux/amd64, never from a buildx attestation manifest", () => {
    const d = (os: string, architecture: string, annotations?: Record<string, string>) => ({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: `sha256:${os}${architecture}`,
      size: 1,
      platform: { os, architecture },
      ...(annotations ? { annotations } : {}),
    });
    const attestation = d("unknown", "unknown", {
      "vnd.docker.reference.type": "attestation-manifest",
    });
    expect(pickPlatform([attestation, d("linux", "arm64"), d("linux", "amd64")])?.digest).toBe(
      "sha256:linuxamd64",
    );
    expect(pickPlatform([attestation, d("linux", "arm64")])?.digest).toBe("sha256:linuxarm64");
  });

  it("reads every credential form of a Docker config.json", () => {
    const creds = parseDockerConfig(
      JSON.stringify({
        auths: {
          "https://index.docker.io/v1/": { auth: Buffer.from("me:pa:ss").toString("base64") },
          "quay.io": { username: "org+robot", password: "tok" },
          "acme.azurecr.io": {
            auth: Buffer.from("00000000-0000-0000-0000-000000000000:").toString("base64"),
            identitytoken: "refresh",
          },
          "registry.example": { registrytoken: "bearer" },
          "empty.example": {},
        },
        credsStore: "desktop",
      }),
    );
    const store = createCredentialStore(
      {
        BUMPWARDEN_REGISTRY_QUAY_IO_USERNAME: "env-user",
        BUMPWARDEN_REGISTRY_QUAY_IO_PASSWORD: "env-pass",
      },
      [creds],
    );
    expect(store.lookup("docker.io")).toEqual({ kind: "basic", username: "me", password: "pa:ss" });
    expect(store.lookup("quay.io")).toEqual({
      kind: "basic",
      username: "env-user",
      password: "env-pass",
    });
    expect(store.lookup("acme.azurecr.io")).toEqual({
      kind: "identity-token",
      username: "00000000-0000-0000-0000-000000000000",
      token: "refresh",
    });
    expect(store.lookup("registry.example")).toEqual({ kind: "bearer", token: "bearer" });
    expect(store.lookup("empty.example")).toBeNull();
  });
});

describe("registry answers that vary between implementations (loopback fake)", () => {
  let fake: FakeRegistry;
  const image = buildImage({ content: "edges" });
  beforeEach(async () => {
    fake = await new FakeRegistry().start();
    fake.putBlobs("acme/api", image.blobs);
    fake.putManifest("acme/api", ["1.0.0"], image.manifest);
  });
  afterEach(() => fake.close());
  const client = () =>
    createRegistryClient({
      credentials: createCredentialStore({}, []),
      clock: systemClock,
      insecureHosts: [fake.host],
    });

  it("computes the digest from the manifest when HEAD omits Docker-Content-Digest", async () => {
    fake.interceptors = [
      (r) =>
        r.method === "HEAD"
          ? { status: 200, headers: { "content-type": image.manifest.mediaType } }
          : undefined,
    ];
    expect(await client().getDigest(`${fake.host}/acme/api`, "1.0.0")).toEqual({
      ok: true,
      value: image.manifest.digest,
    });
    expect(fake.count(/^GET .*manifests\/1\.0\.0/)).toBe(1);
  });

  it('reads `"tags": null` as no tags, and a non-JSON body as an error', async () => {
    fake.interceptors = [
      (r) =>
        r.path.includes("/tags/list")
          ? { status: 200, body: '{"name":"acme/api","tags":null}' }
          : undefined,
    ];
    expect(await client().listTags(`${fake.host}/acme/api`)).toEqual({ ok: true, value: [] });
    fake.interceptors = [
      (r) => (r.path.includes("/tags/list") ? { status: 200, body: "<html>" } : undefined),
    ];
    const r = await client().listTags(`${fake.host}/acme/api`);
    expect(r.ok ? "ok" : r.error.code).toBe("invalid-response");
  });

  it("refuses a redirect to plain HTTP on a host not configured as insecure", async () => {
    fake.interceptors = [
      (r) =>
        r.path.includes("/blobs/")
          ? { status: 307, headers: { location: "http://127.0.0.2:9/blob" } }
          : undefined,
    ];
    const r = await client().getBlob(`${fake.host}/acme/api`, image.blobs[0]?.digest ?? "");
    expect(r.ok ? "ok" : [r.error.code, r.error.message]).toEqual([
      "insecure-refused",
      `${fake.host} redirected to http://127.0.0.2:9, which is not HTTPS`,
    ]);
  });
});
