import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGSTORE_BUNDLE_ARTIFACT_TYPE } from "../../src/core/signatures/index.js";
import { mustHave } from "../harness/services.js";
import { privateSigstore } from "../core/signatures/sigstore-fixtures.js";
import type { PrivateSigstore } from "../core/signatures/sigstore-fixtures.js";
import { resolveCli } from "./harness/cli.js";
import { buildImage } from "./harness/oci-layout.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";
import { referrer, referrersIndex } from "./harness/signatures.js";

const run = mustHave(registryCheck());

describe.runIf(run)("bumpwarden resolve with keyless verification (real registry)", () => {
  let reg: TestRegistry;
  let dir: string;
  let sigstore: PrivateSigstore;
  const img = (t: string) => buildImage({ content: t });
  const cli = (...args: string[]) => resolveCli(reg, dir, args);

  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    dir = await mkdtemp(join(tmpdir(), "bumpwarden-cli-"));
    sigstore = await privateSigstore();
  }, 60_000);
  afterAll(async () => {
    await reg?.stop();
    await sigstore?.cleanup();
  });

  it("keyless: a Sigstore bundle from a private CA in a locally configured trusted root", async () => {
    const push = new Pusher(reg);
    const signedImg = img("keyless-2.0.0");
    const unsignedImg = img("keyless-2.1.0");
    await push.artifact("acme/keyless", "2.0.0", signedImg);
    await push.artifact("acme/keyless", "2.1.0", unsignedImg);
    const identity = "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
    const issuer = "https://token.actions.githubusercontent.com";
    const bundle = await sigstore.keylessBundle({
      identity,
      issuer,
      digest: signedImg.manifest.digest,
    });
    const art = referrer(signedImg.manifest, SIGSTORE_BUNDLE_ARTIFACT_TYPE, {
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      bytes: new TextEncoder().encode(JSON.stringify(bundle)),
    });
    await push.artifact("acme/keyless", art.manifest.digest, art);
    await push.manifest(
      "acme/keyless",
      signedImg.manifest.digest.replace(":", "-"),
      referrersIndex([{ artifact: art, artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE }]),
    );
    await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
    const args = [
      `${reg.host}/acme/keyless`,
      "--current",
      "1.0.0",
      "--certificate-identity",
      identity,
      "--certificate-oidc-issuer",
      issuer,
      "--trusted-root",
      "trusted_root.json",
      "--json",
    ];
    const ok = await cli(...args, "--insecure-ignore-sct");
    expect(JSON.parse(ok.out)).toMatchObject({
      tag: "2.0.0",
      signature: { verified: true, keyId: `${identity} (${issuer})`, layout: "referrers" },
      rejected: [{ tag: "2.1.0" }],
    });
    const strict = await cli(...args);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out).rejected[1].reason).toMatch(/expected 1 SCTs, got 0/);
    const partial = await cli(`${reg.host}/acme/keyless`, "--certificate-identity", identity);
    expect(partial).toMatchObject({ code: 2, err: expect.stringContaining("keyless needs") });
  });
});
