import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  attestationFacts,
  DSSE_ENVELOPE_MEDIA_TYPE,
  SLSA_V02,
  SLSA_V1,
} from "../../../src/core/gates/index.js";
import type { PublicKey, SignatureEvidence } from "../../../src/core/signatures/index.js";
import { mustHave } from "../../harness/services.js";
import { privateSigstore } from "../signatures/sigstore-fixtures.js";
import {
  ecdsaKey,
  ed25519Key,
  messageBundle,
  publicKeyOf,
  rsaKey,
} from "../signatures/cosign-fixtures.js";
import type { TestKey } from "../signatures/cosign-fixtures.js";
import {
  bundle,
  bytes,
  cosignVuln,
  envelope,
  slsaV02,
  slsaV1,
  spdxDocument,
  statement,
  tampered,
  trivyReport,
  vulns,
} from "./fixtures.js";

const DIGEST = `sha256:${"d".repeat(64)}`;
const OTHER = `sha256:${"e".repeat(64)}`;
const ci = ecdsaKey();
const generator = rsaKey();
const stranger = ed25519Key();
const pub = (k: TestKey): PublicKey => publicKeyOf(k.publicPem);

const layer = (
  content: unknown,
  mediaType = DSSE_ENVELOPE_MEDIA_TYPE,
  layout: "tag" | "referrers" = "tag",
): SignatureEvidence => ({
  layout,
  artifact: `sha256:${"f".repeat(64)}`,
  mediaType,
  annotations: { "dev.cosignproject.cosign/signature": "", predicateType: SLSA_V1 },
  content: bytes(content),
});

const provenanceStatement = statement(DIGEST, SLSA_V1, slsaV1());

describe("attestationFacts", () => {
  it("reads verified provenance, vuln and SBOM statements from both layouts", () => {
    const facts = attestationFacts(
      DIGEST,
      [
        layer(envelope(ci, provenanceStatement)),
        layer(
          envelope(
            ci,
            statement(
              DIGEST,
              "https://cosign.sigstore.dev/attestation/vuln/v1",
              cosignVuln(trivyReport(vulns({ HIGH: 1 }))),
            ),
          ),
        ),
        layer(
          bundle(
            ci,
            statement(
              DIGEST,
              "https://spdx.dev/Document",
              spdxDocument([{ name: "musl", version: "1.2.5", license: "MIT" }]),
            ),
          ),
          "application/vnd.dev.sigstore.bundle.v0.3+json",
          "referrers",
        ),
      ],
      { keys: [pub(ci)] },
    );
    expect(facts.provenance.map((p) => p.builderId)).toEqual([
      "https://github.com/acme/.github/.github/workflows/build-image.yml@refs/heads/main",
    ]);
    expect(facts.vulnerabilities.map((v) => v.counts.high)).toEqual([1]);
    expect(facts.sboms.map((s) => s.packages.length)).toEqual([1]);
    expect(facts.rejected).toEqual([]);
  });

  it("trusts nothing that does not verify: wrong key, tampered payload, another image's statement", () => {
    const facts = attestationFacts(
      DIGEST,
      [
        layer(envelope(stranger, provenanceStatement)),
        layer(
          tampered(
            ci,
            provenanceStatement,
            statement(DIGEST, SLSA_V1, slsaV1({ repository: "github.com/evil/api" })),
          ),
        ),
        layer(
          envelope(ci, statement(OTHER, SLSA_V1, slsaV1())),
          DSSE_ENVELOPE_MEDIA_TYPE,
          "referrers",
        ),
      ],
      { keys: [pub(ci)] },
    );
    expect(facts.provenance).toEqual([]);
    expect(facts.rejected).toEqual([
      ".att tag: an attestation's signature does not verify with any configured key (altered, or signed by another key)",
      `OCI referrer: a signed https://slsa.dev/provenance/v1 statement is about another image, not ${DIGEST}`,
    ]);
  });

  it("refuses what is not an envelope, and skips image-signature bundles silently", () => {
    const facts = attestationFacts(
      DIGEST,
      [
        layer({ hello: "world" }),
        layer(envelope(ci, provenanceStatement), "application/vnd.oci.image.layer.v1.tar"),
        layer({ ...envelope(ci, provenanceStatement), payloadType: "text/plain" }),
        layer(
          messageBundle(ci, bytes({ schemaVersion: 2 })),
          "application/vnd.dev.sigstore.bundle.v0.3+json",
          "referrers",
        ),
      ],
      { keys: [pub(ci)] },
    );
    expect(facts.rejected).toEqual([
      ".att tag: an attestation is not a DSSE envelope",
      ".att tag: a layer of type application/vnd.oci.image.layer.v1.tar is neither a DSSE envelope nor a Sigstore bundle",
      ".att tag: DSSE payload type text/plain is not an in-toto statement",
    ]);
  });

  it("with gates.provenance.key, only that key is trusted for provenance, and it vouches for nothing else", () => {
    const sbom = statement(DIGEST, "https://cyclonedx.org/bom", {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      components: [],
    });
    const facts = attestationFacts(
      DIGEST,
      [
        layer(envelope(ci, statement(DIGEST, SLSA_V02, slsaV02()))),
        layer(envelope(generator, provenanceStatement)),
        layer(envelope(generator, sbom)),
      ],
      { keys: [pub(ci)], provenanceKeys: [pub(generator)] },
    );
    expect(facts.provenance.map((p) => p.slsa)).toEqual(["v1"]);
    expect(facts.sboms).toEqual([]);
    expect(facts.rejected).toEqual([
      `.att tag: provenance signed by ${pub(ci).keyId}, not by gates.provenance.key`,
      ".att tag: sbom attestation signed by the provenance-only key; ignored",
    ]);
  });

  it("a keyless bundle without a configured identity is named, not trusted", () => {
    const b = {
      ...bundle(ci, provenanceStatement),
      verificationMaterial: { certificate: { rawBytes: "AAAA" }, tlogEntries: [] },
    };
    const facts = attestationFacts(
      DIGEST,
      [layer(b, "application/vnd.dev.sigstore.bundle.v0.3+json", "referrers")],
      { keys: [pub(ci)] },
    );
    expect(facts.rejected).toEqual([
      "OCI referrer: a keyless attestation was found but no keyless identity is configured",
    ]);
  });
});

const openssl = (): { available: boolean; reason: string } => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return { available: true, reason: "" };
  } catch {
    return {
      available: false,
      reason: "openssl is missing (it makes the test CA); keyless attestation test skipped",
    };
  }
};

describe.runIf(mustHave(openssl()))("keyless attestations", () => {
  it("a bundle from the configured identity is opened and its statement read; another identity is refused", async () => {
    const sigstore = await privateSigstore();
    try {
      const identity = "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
      const issuer = "https://token.actions.githubusercontent.com";
      const keyless = { identity, issuer, trustedRoot: sigstore.trustedRoot, ctlogThreshold: 0 };
      const b = await sigstore.keylessBundle({ identity, issuer, digest: DIGEST });
      const type = "application/vnd.dev.sigstore.bundle.v0.3+json";
      const ok = attestationFacts(DIGEST, [layer(b, type, "referrers")], { keys: [], keyless });
      // The private Sigstore signs cosign's signature statement: verified, then recognized as not a gate input.
      expect(ok.rejected).toEqual([
        "OCI referrer: predicate type https://sigstore.dev/cosign/sign/v1 is not used by the gates",
      ]);
      const evil = await sigstore.keylessBundle({
        identity: `${identity}-evil`,
        issuer,
        digest: DIGEST,
      });
      const refused = attestationFacts(DIGEST, [layer(evil, type, "referrers")], {
        keys: [],
        keyless,
      });
      expect(refused.rejected[0]).toMatch(/^OCI referrer: keyless verification failed/);

      // cosign 2's classic .att layer: certificate and Rekor (intoto) entry in annotations.
      const signedProvenance = bytes(provenanceStatement);
      const classic = await sigstore.classicKeylessAttestation({
        identity,
        issuer,
        statement: signedProvenance,
      });
      const att = { ...layer(classic.envelope), annotations: classic.annotations };
      const read = attestationFacts(DIGEST, [att], { keys: [], keyless });
      expect(read.rejected).toEqual([]);
      expect(read.provenance).toHaveLength(1);
      expect(read.provenance[0]?.slsa).toBe("v1");
      // Without the identity it is not read; with another identity it is refused by name.
      expect(attestationFacts(DIGEST, [att], { keys: [pub(ci)] }).provenance).toEqual([]);
      const other = attestationFacts(DIGEST, [att], {
        keys: [],
        keyless: { ...keyless, identity: `${identity}-other` },
      });
      expect(other.provenance).toEqual([]);
      expect(other.rejected[0]).toMatch(/^\.att tag: keyless verification failed: .*identity/);
      // An envelope altered after logging no longer matches its Rekor entry.
      const altered = {
        ...att,
        content: bytes({
          ...classic.envelope,
          payload: Buffer.from(
            bytes(statement(DIGEST, SLSA_V1, slsaV1({ builder: "evil" }))),
          ).toString("base64"),
        }),
      };
      const forged = attestationFacts(DIGEST, [altered], { keys: [], keyless });
      expect(forged.provenance).toEqual([]);
      expect(forged.rejected[0]).toMatch(/^\.att tag: keyless verification failed/);
    } finally {
      await sigstore.cleanup();
    }
  }, 30_000);
});
