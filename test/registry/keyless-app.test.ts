import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { createGateEvaluator } from "../../src/app/gate-evidence.js";
import { gatherEvidence } from "../../src/app/image-evidence.js";
import type { EvidenceRequest } from "../../src/app/image-evidence.js";
import { NO_TRUSTED_ROOT, NO_TRUSTED_ROOT_FOR_TLOG } from "../../src/app/keyless-policy.js";
import { parseConfig } from "../../src/core/config/load.js";
import type { Config } from "../../src/core/config/schema.js";
import { DSSE_ENVELOPE_MEDIA_TYPE, SLSA_V1 } from "../../src/core/gates/index.js";
import {
  SIGSTORE_BUNDLE_ARTIFACT_TYPE,
  SIMPLE_SIGNING_MEDIA_TYPE,
} from "../../src/core/signatures/index.js";
import { systemClock } from "../../src/ports/clock.js";
import type { Registry } from "../../src/ports/registry.js";
import { bytes, slsaV1, statement } from "../core/gates/fixtures.js";
import {
  ecdsaKey,
  publicKeyOf,
  signB64,
  simpleSigningPayload,
} from "../core/signatures/cosign-fixtures.js";
import { privateSigstore } from "../core/signatures/sigstore-fixtures.js";
import type { PrivateSigstore } from "../core/signatures/sigstore-fixtures.js";
import { mustHave } from "../harness/services.js";
import { resolveCli } from "./harness/cli.js";
import { blob, buildImage } from "./harness/oci-layout.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";
import { classicImage, referrer, referrersIndex } from "./harness/signatures.js";

const run = mustHave(registryCheck());
const key = ecdsaKey();
const identity = "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
const issuer = "https://token.actions.githubusercontent.com";
const images = {
  "1.0.0": buildImage({ content: "keyless-app-1.0.0" }),
  "1.1.0": buildImage({ content: "keyless-app-1.1.0" }),
  "1.2.0": buildImage({ content: "keyless-app-1.2.0" }),
};
type Tag = keyof typeof images;
const digestOf = (t: Tag) => images[t].manifest.digest;

describe.runIf(run)(
  "keyless and transparency-log verification in the app and CLI (real registry)",
  () => {
    let reg: TestRegistry;
    let registry: Registry;
    let sigstore: PrivateSigstore;
    let config: Config;
    let repo: string;

    const request = (tag: Tag): EvidenceRequest => ({
      repository: repo,
      tag,
      digest: null,
      config,
      currentTags: [],
      environments: ["prod"],
      readFile: async () => null,
    });

    beforeAll(async () => {
      reg = await startRegistry({ auth: "htpasswd" });
      sigstore = await privateSigstore();
      repo = `${reg.host}/acme/api`;
      const parsed = parseConfig(`
environments:
  prod: ["clusters/prod/**"]
images:
  - match: "${reg.host}/acme/*"
    verify: { cosign: { keyless: { identity: "${identity}", issuer: "${issuer}" } } }
    gates:
      provenance: { builder: ["https://github.com/acme/**"], source: ["github.com/acme/*"] }
  - match: "${reg.host}/keyed/*"
    verify: { cosign: { key: .github/cosign.pub, tlog: true } }
    gates:
      provenance: { builder: ["https://github.com/acme/**"], source: ["github.com/acme/*"] }
`);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      config = parsed.value;
      const push = new Pusher(reg);
      for (const [tag, img] of Object.entries(images)) await push.artifact("acme/api", tag, img);
      // 1.0.0: cosign 2 keyless, classic layout: .sig (hashedrekord) and .att (intoto) tags.
      const classicSig = async (tag: Tag, who: string) => {
        const payload = simpleSigningPayload(digestOf(tag), `${reg.host}/acme/api`);
        const { annotations } = await sigstore.classicKeyless({ identity: who, issuer, payload });
        await push.artifact(
          "acme/api",
          `${digestOf(tag).replace(":", "-")}.sig`,
          classicImage([{ blob: blob(SIMPLE_SIGNING_MEDIA_TYPE, payload), annotations }]),
        );
      };
      await classicSig("1.0.0", identity);
      const att = await sigstore.classicKeylessAttestation({
        identity,
        issuer,
        statement: bytes(statement(digestOf("1.0.0"), SLSA_V1, slsaV1())),
      });
      await push.artifact(
        "acme/api",
        `${digestOf("1.0.0").replace(":", "-")}.att`,
        classicImage([
          {
            blob: blob(DSSE_ENVELOPE_MEDIA_TYPE, bytes(att.envelope)),
            annotations: { ...att.annotations, predicateType: SLSA_V1 },
          },
        ]),
      );
      // 1.1.0: cosign 3 keyless, a Sigstore bundle referrer (found through the fallback tag).
      const bundle = await sigstore.keylessBundle({ identity, issuer, digest: digestOf("1.1.0") });
      const art = referrer(images["1.1.0"].manifest, SIGSTORE_BUNDLE_ARTIFACT_TYPE, {
        mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
        bytes: bytes(bundle),
      });
      await push.artifact("acme/api", art.manifest.digest, art);
      await push.manifest(
        "acme/api",
        digestOf("1.1.0").replace(":", "-"),
        referrersIndex([{ artifact: art, artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE }]),
      );
      // 1.2.0: classic keyless, but signed by another workflow.
      await classicSig("1.2.0", `${identity}-other`);
      // keyed/api: key-signed, classic layout. 1.0.0 and its .att are in the log; 1.1.0 is not.
      for (const [tag, img] of Object.entries(images)) await push.artifact("keyed/api", tag, img);
      const keyedSig = async (tag: Tag, logged: boolean) => {
        const payload = simpleSigningPayload(digestOf(tag), `${reg.host}/keyed/api`);
        const annotations = logged
          ? sigstore.keyedClassic({ key: key.privateKey, payload })
          : { "dev.cosignproject.cosign/signature": signB64(key, payload) };
        await push.artifact(
          "keyed/api",
          `${digestOf(tag).replace(":", "-")}.sig`,
          classicImage([{ blob: blob(SIMPLE_SIGNING_MEDIA_TYPE, payload), annotations }]),
        );
      };
      await keyedSig("1.0.0", true);
      await keyedSig("1.1.0", false);
      const keyedAtt = sigstore.keyedClassicAttestation({
        key: key.privateKey,
        statement: bytes(statement(digestOf("1.0.0"), SLSA_V1, slsaV1())),
      });
      await push.artifact(
        "keyed/api",
        `${digestOf("1.0.0").replace(":", "-")}.att`,
        classicImage([
          {
            blob: blob(DSSE_ENVELOPE_MEDIA_TYPE, bytes(keyedAtt.envelope)),
            annotations: { ...keyedAtt.annotations, predicateType: SLSA_V1 },
          },
        ]),
      );
      const port = reg.host.split(":")[1];
      registry = createRegistryClient({
        credentials: createCredentialStore(
          {
            [`BUMPWARDEN_REGISTRY_127_0_0_1_${port}_USERNAME`]: reg.user.username,
            [`BUMPWARDEN_REGISTRY_127_0_0_1_${port}_PASSWORD`]: reg.user.password,
          },
          [],
        ),
        clock: systemClock,
        insecureHosts: [reg.host],
      });
    }, 90_000);
    afterAll(async () => {
      await reg?.stop();
      await sigstore?.cleanup();
    });

    it("a bump verifies verify.cosign.keyless against the app's trusted root, in both layouts", async () => {
      const deps = { trustedRoot: sigstore.trustedRoot };
      const classic = await gatherEvidence(registry, request("1.0.0"), deps);
      expect(classic.signature).toEqual({ verified: true, keyId: `${identity} (${issuer})` });
      const bundled = await gatherEvidence(registry, request("1.1.0"), deps);
      expect(bundled.signature).toEqual({ verified: true, keyId: `${identity} (${issuer})` });
      const other = await gatherEvidence(registry, request("1.2.0"), deps);
      expect(other.signature?.verified).toBe(false);
      expect(other.signature?.reason).toMatch(/certificate identity error/);
    });

    it("without a trusted root, a keyless rule is never verified and says what to configure", async () => {
      const e = await gatherEvidence(registry, request("1.0.0"));
      expect(e.signature).toEqual({ verified: false, reason: NO_TRUSTED_ROOT });
    });

    it("the gate evaluator trusts keyless attestations of the rule's identity (classic .att)", async () => {
      const judge = (trustedRoot?: unknown) =>
        createGateEvaluator({ registry, ...(trustedRoot !== undefined && { trustedRoot }) })({
          repository: repo,
          tag: "1.0.0",
          digest: digestOf("1.0.0"),
          config,
          readFile: async () => null,
        });
      const passed = await judge(sigstore.trustedRoot);
      expect(passed?.gates.prod).toEqual([
        {
          gate: "provenance",
          result: "pass",
          reason: expect.stringMatching(/^built by https:\/\/github\.com\/acme\/.* \(SLSA v1\)$/),
        },
      ]);
      const blocked = await judge();
      expect(blocked?.gates.prod?.[0]).toMatchObject({
        gate: "provenance",
        result: "block",
        reason: expect.stringContaining("keyless needs a Sigstore trusted root"),
      });
    });

    it("verify.cosign.tlog: a key-based signature counts only with its transparency-log entry", async () => {
      const keyed = (tag: Tag): EvidenceRequest => ({
        ...request(tag),
        repository: `${reg.host}/keyed/api`,
        readFile: async (path) => (path === ".github/cosign.pub" ? key.publicPem : null),
      });
      const deps = { trustedRoot: sigstore.trustedRoot };
      const logged = await gatherEvidence(registry, keyed("1.0.0"), deps);
      expect(logged.signature).toEqual({ verified: true, keyId: publicKeyOf(key.publicPem).keyId });
      const unlogged = await gatherEvidence(registry, keyed("1.1.0"), deps);
      expect(unlogged.signature).toEqual({
        verified: false,
        reason:
          "the signature has no transparency-log entry (dev.sigstore.cosign/bundle annotation)",
      });
      const noRoot = await gatherEvidence(registry, keyed("1.0.0"));
      expect(noRoot.signature).toEqual({ verified: false, reason: NO_TRUSTED_ROOT_FOR_TLOG });

      const judge = (tag: Tag, trustedRoot?: unknown) =>
        createGateEvaluator({ registry, ...(trustedRoot !== undefined && { trustedRoot }) })({
          repository: `${reg.host}/keyed/api`,
          tag,
          digest: digestOf(tag),
          config,
          readFile: async (path) => (path === ".github/cosign.pub" ? key.publicPem : null),
        });
      expect((await judge("1.0.0", sigstore.trustedRoot))?.gates.prod?.[0]?.result).toBe("pass");
      expect((await judge("1.0.0"))?.gates.prod?.[0]).toMatchObject({
        result: "block",
        reason: expect.stringContaining(NO_TRUSTED_ROOT_FOR_TLOG),
      });

      const dir = await mkdtemp(join(tmpdir(), "bumpwarden-cli-"));
      await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
      await writeFile(join(dir, "cosign.pub"), key.publicPem);
      const args = [`${reg.host}/keyed/api`, "--semver", "<1.2.0", "--current", "0.9.0"];
      const keyArgs = ["--cosign-key", "cosign.pub", "--json"];
      const strict = await resolveCli(reg, dir, [
        ...args,
        ...keyArgs,
        "--trusted-root",
        "trusted_root.json",
        "--require-tlog",
      ]);
      expect(JSON.parse(strict.out)).toMatchObject({
        tag: "1.0.0",
        signature: { verified: true, layout: "tag" },
        rejected: [{ tag: "1.1.0", reason: expect.stringMatching(/no transparency-log entry/) }],
      });
      const lax = await resolveCli(reg, dir, [...args, ...keyArgs]);
      expect(JSON.parse(lax.out)).toMatchObject({ tag: "1.1.0", signature: { verified: true } });
      const bad = await resolveCli(reg, dir, [...args, ...keyArgs, "--require-tlog"]);
      expect(bad).toMatchObject({
        code: 2,
        err: expect.stringContaining("--require-tlog needs --cosign-key and --trusted-root"),
      });
      await writeFile(join(dir, "bad-root.json"), JSON.stringify({ tlogs: [] }));
      const badRoot = await resolveCli(reg, dir, [
        ...args,
        ...keyArgs,
        "--trusted-root",
        "bad-root.json",
        "--require-tlog",
      ]);
      expect(badRoot).toMatchObject({
        code: 2,
        err: expect.stringContaining(
          "bad-root.json: the trusted root names no certificate authority",
        ),
      });
    });

    it("bumpwarden resolve verifies keyless signatures in both layouts", async () => {
      const dir = await mkdtemp(join(tmpdir(), "bumpwarden-cli-"));
      await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
      const resolve = (range: string) =>
        resolveCli(reg, dir, [
          repo,
          "--semver",
          range,
          "--current",
          "0.9.0",
          "--certificate-identity",
          identity,
          "--certificate-oidc-issuer",
          issuer,
          "--trusted-root",
          "trusted_root.json",
          "--insecure-ignore-sct",
          "--json",
        ]);
      // 1.2.0 is signed by another workflow, so 1.1.0 (a bundle) is chosen.
      expect(JSON.parse((await resolve("^1")).out)).toMatchObject({
        tag: "1.1.0",
        signature: { verified: true, layout: "referrers" },
        rejected: [{ tag: "1.2.0", reason: expect.stringMatching(/certificate identity error/) }],
      });
      expect(JSON.parse((await resolve("<1.1.0")).out)).toMatchObject({
        tag: "1.0.0",
        signature: { verified: true, keyId: `${identity} (${issuer})`, layout: "tag" },
      });
    });
  },
);
