import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attestationFacts,
  DSSE_ENVELOPE_MEDIA_TYPE,
  SLSA_V1,
} from "../../../src/core/gates/index.js";
import {
  SIMPLE_SIGNING_MEDIA_TYPE,
  verifyImageSignature,
} from "../../../src/core/signatures/index.js";
import type { SignatureEvidence, TlogPolicy } from "../../../src/core/signatures/index.js";
import { mustHave } from "../../harness/services.js";
import { bytes, slsaV1, statement } from "../gates/fixtures.js";
import {
  ecdsaKey,
  publicKeyOf,
  signB64,
  signStatement,
  simpleSigningPayload,
} from "./cosign-fixtures.js";
import { privateSigstore } from "./sigstore-fixtures.js";
import type { PrivateSigstore } from "./sigstore-fixtures.js";

function opensslCheck() {
  try {
    execFileSync("openssl", ["version"]);
    return { available: true, reason: "" };
  } catch {
    return { available: false, reason: "openssl is missing (it makes the test CA); skipped" };
  }
}

const digest = `sha256:${"ab".repeat(32)}`;
const key = ecdsaKey();
const keys = [publicKeyOf(key.publicPem)];
const BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

const layer = (
  mediaType: string,
  content: Uint8Array,
  annotations: Record<string, string>,
  layout: "tag" | "referrers" = "tag",
): SignatureEvidence => ({
  layout,
  artifact: `sha256:${"0".repeat(64)}`,
  mediaType,
  annotations,
  content,
});

describe.runIf(mustHave(opensslCheck()))(
  "transparency-log checks for key-based signatures (verify.cosign.tlog)",
  () => {
    let sigstore: PrivateSigstore;
    let other: PrivateSigstore;
    let tlog: TlogPolicy;
    beforeAll(async () => {
      sigstore = await privateSigstore();
      other = await privateSigstore();
      tlog = { trustedRoot: sigstore.trustedRoot };
    }, 30_000);
    afterAll(async () => {
      await sigstore?.cleanup();
      await other?.cleanup();
    });

    const payload = simpleSigningPayload(digest, "registry.test/acme/api");
    const classic = (annotations: Record<string, string>, content = payload) =>
      layer(SIMPLE_SIGNING_MEDIA_TYPE, content, annotations);
    const verdict = (l: SignatureEvidence) => verifyImageSignature({ digest }, [l], { keys, tlog });

    it("classic .sig: the key verifies and the Rekor entry's SET verifies against the root's log", () => {
      const v = verdict(classic(sigstore.keyedClassic({ key: key.privateKey, payload })));
      expect(v).toMatchObject({ verified: true, keyId: keys[0]?.keyId, layout: "tag" });
    });

    it("cosign 3 bundle: its dsse entry (SET and inclusion proof) is checked", () => {
      const b = sigstore.keyedBundle({
        key: key.privateKey,
        statement: signStatement("registry.test/acme/api", digest),
      });
      expect(verdict(layer(BUNDLE, bytes(b), {}, "referrers"))).toMatchObject({ verified: true });
    });

    const refusals: [string, () => SignatureEvidence, RegExp][] = [
      [
        "a classic signature without a Rekor entry",
        () => classic({ "dev.cosignproject.cosign/signature": signB64(key, payload) }),
        /the signature has no transparency-log entry \(dev\.sigstore\.cosign\/bundle annotation\)/,
      ],
      [
        "a forged signed entry timestamp",
        () => classic(sigstore.keyedClassic({ key: key.privateKey, payload, tamperSet: true })),
        /transparency-log check failed: inclusion promise could not be verified/,
      ],
      [
        "an entry from a log the trusted root does not name",
        () => classic(other.keyedClassic({ key: key.privateKey, payload })),
        /transparency-log check failed: inclusion promise could not be verified/,
      ],
      [
        "an entry that records another signature",
        () => {
          const elsewhere = simpleSigningPayload(`sha256:${"cd".repeat(32)}`, "registry.test/x");
          const logged = sigstore.keyedClassic({ key: key.privateKey, payload: elsewhere });
          return classic({
            ...logged,
            "dev.cosignproject.cosign/signature": signB64(key, payload),
          });
        },
        /transparency-log check failed: signature mismatch/,
      ],
      [
        "a bundle with no tlog entry",
        () =>
          layer(
            BUNDLE,
            bytes(
              sigstore.keyedBundle({
                key: key.privateKey,
                statement: signStatement("registry.test/acme/api", digest),
                logged: false,
              }),
            ),
            {},
            "referrers",
          ),
        /the signature has no transparency-log entry, and the rule requires one/,
      ],
    ];
    it.each(refusals)("refuses %s", (_name, make, reason) => {
      const v = verdict(make());
      expect(v.verified).toBe(false);
      expect(v.reason).toMatch(reason);
    });

    it("without the requirement, an unlogged key-based signature still verifies", () => {
      const plain = classic({ "dev.cosignproject.cosign/signature": signB64(key, payload) });
      expect(verifyImageSignature({ digest }, [plain], { keys }).verified).toBe(true);
      expect(verdict(plain).verified).toBe(false);
    });

    it("attestations: .att layers and bundles count only with their log entry", () => {
      const stmt = bytes(statement(digest, SLSA_V1, slsaV1()));
      const att = sigstore.keyedClassicAttestation({ key: key.privateKey, statement: stmt });
      const logged = layer(DSSE_ENVELOPE_MEDIA_TYPE, bytes(att.envelope), att.annotations);
      const unlogged = layer(DSSE_ENVELOPE_MEDIA_TYPE, bytes(att.envelope), {});
      const bundled = layer(
        BUNDLE,
        bytes(sigstore.keyedBundle({ key: key.privateKey, statement: stmt })),
        {},
        "referrers",
      );
      const facts = attestationFacts(digest, [logged, unlogged, bundled], { keys, tlog });
      expect(facts.provenance).toHaveLength(2);
      expect(facts.rejected).toEqual([
        ".att tag: the signature has no transparency-log entry (dev.sigstore.cosign/bundle annotation)",
      ]);
      expect(attestationFacts(digest, [unlogged], { keys }).provenance).toHaveLength(1);
    });
  },
);
