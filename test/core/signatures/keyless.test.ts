import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SIMPLE_SIGNING_MEDIA_TYPE,
  verifyImageSignature,
  verifyKeyless,
} from "../../../src/core/signatures/index.js";
import type { KeylessPolicy, SignatureEvidence } from "../../../src/core/signatures/index.js";
import { simpleSigningPayload } from "./cosign-fixtures.js";
import { mustHave } from "../../harness/services.js";
import { privateSigstore } from "./sigstore-fixtures.js";
import type { PrivateSigstore } from "./sigstore-fixtures.js";

function opensslCheck() {
  try {
    execFileSync("openssl", ["version"]);
    return { available: true, reason: "" };
  } catch {
    return {
      available: false,
      reason: "openssl is missing (it makes the test CA); keyless tests skipped",
    };
  }
}

const digest = `sha256:${"ab".repeat(32)}`;
const identity = "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
const issuer = "https://token.actions.githubusercontent.com";

describe.runIf(mustHave(opensslCheck()))(
  "keyless (Sigstore bundle, locally configured trusted root)",
  () => {
    let sigstore: PrivateSigstore;
    let other: PrivateSigstore;
    let policy: KeylessPolicy;
    beforeAll(async () => {
      sigstore = await privateSigstore();
      other = await privateSigstore();
      policy = { identity, issuer, trustedRoot: sigstore.trustedRoot, ctlogThreshold: 0 };
    }, 30_000);
    afterAll(async () => {
      await sigstore?.cleanup();
      await other?.cleanup();
    });

    it("verifies a certificate from the trusted CA with the expected identity and issuer", async () => {
      const bundle = await sigstore.keylessBundle({ identity, issuer, digest });
      expect(verifyKeyless(bundle, { digest }, policy)).toEqual({
        ok: true,
        value: `${identity} (${issuer})`,
      });
      const layer = {
        layout: "referrers" as const,
        artifact: digest,
        mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
        annotations: {},
        content: new TextEncoder().encode(JSON.stringify(bundle)),
      };
      expect(
        verifyImageSignature({ digest }, [layer], { keys: [], keyless: policy }),
      ).toMatchObject({ verified: true, keyId: `${identity} (${issuer})` });
    });

    const refusals: [
      string,
      () => Promise<unknown>,
      (p: KeylessPolicy) => KeylessPolicy,
      RegExp,
    ][] = [
      [
        "another identity",
        () => sigstore.keylessBundle({ identity: `${identity}-evil`, issuer, digest }),
        (p) => p,
        /certificate identity error/,
      ],
      [
        "an identity that only contains the expected one",
        () => sigstore.keylessBundle({ identity: `${identity}x`, issuer, digest }),
        (p) => p,
        /certificate identity error/,
      ],
      [
        "another issuer",
        () => sigstore.keylessBundle({ identity, issuer: "https://accounts.google.com", digest }),
        (p) => p,
        /expected issuer=https:\/\/token\.actions/,
      ],
      [
        "a CA that is not in the trusted root",
        () => other.keylessBundle({ identity, issuer, digest }),
        (p) => p,
        /Failed to verify certificate chain/,
      ],
      [
        "a forged log timestamp",
        () => sigstore.keylessBundle({ identity, issuer, digest, tamperSet: true }),
        (p) => p,
        /inclusion promise could not be verified/,
      ],
      [
        "a statement about another image",
        () => sigstore.keylessBundle({ identity, issuer, digest: `sha256:${"cd".repeat(32)}` }),
        (p) => p,
        /not about sha256:abab/,
      ],
      [
        "no SCT when the policy wants one",
        () => sigstore.keylessBundle({ identity, issuer, digest }),
        (p) => ({ ...p, ctlogThreshold: 1 }),
        /expected 1 SCTs, got 0/,
      ],
    ];
    it.each(refusals)("refuses %s", async (_name, make, adjust, reason) => {
      const r = verifyKeyless(await make(), { digest }, adjust(policy));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(reason);
    });

    describe("the classic .sig layout (cosign 2: certificate and Rekor entry in annotations)", () => {
      const payload = simpleSigningPayload(digest, "registry.test/acme/api");
      const layer = (
        content: Uint8Array,
        annotations: Record<string, string>,
      ): SignatureEvidence => ({
        layout: "tag",
        artifact: `sha256:${"0".repeat(64)}`,
        mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
        annotations,
        content,
      });
      const verdict = (l: SignatureEvidence, p: KeylessPolicy = policy) =>
        verifyImageSignature({ digest }, [l], { keys: [], keyless: p });

      it("verifies the certificate, the signed entry timestamp and the payload's digest", async () => {
        const { annotations } = await sigstore.classicKeyless({ identity, issuer, payload });
        expect(verdict(layer(payload, annotations))).toEqual({
          verified: true,
          keyId: `${identity} (${issuer})`,
          layout: "tag",
          checked: 1,
        });
      });

      const cases: [string, () => Promise<SignatureEvidence>, KeylessPolicy | null, RegExp][] = [
        [
          "another identity",
          async () =>
            layer(
              payload,
              (await sigstore.classicKeyless({ identity: `${identity}x`, issuer, payload }))
                .annotations,
            ),
          null,
          /certificate identity error/,
        ],
        [
          "a CA outside the trusted root",
          async () =>
            layer(payload, (await other.classicKeyless({ identity, issuer, payload })).annotations),
          null,
          /Failed to verify certificate chain/,
        ],
        [
          "a forged log timestamp",
          async () =>
            layer(
              payload,
              (await sigstore.classicKeyless({ identity, issuer, payload, tamperSet: true }))
                .annotations,
            ),
          null,
          /inclusion promise could not be verified/,
        ],
        [
          "a payload altered after signing",
          async () => {
            const { annotations } = await sigstore.classicKeyless({ identity, issuer, payload });
            const altered = new TextEncoder().encode(
              Buffer.from(payload).toString().replace("registry.test", "evil.test"),
            );
            return layer(altered, annotations);
          },
          null,
          /digest mismatch|signature verification failed/,
        ],
        [
          "a valid signature of another image",
          async () => {
            const elsewhere = simpleSigningPayload(`sha256:${"cd".repeat(32)}`, "registry.test/x");
            const signed = await sigstore.classicKeyless({ identity, issuer, payload: elsewhere });
            return layer(elsewhere, signed.annotations);
          },
          null,
          /the signed payload is for sha256:cdcd.*, not sha256:abab/,
        ],
        [
          "no Rekor entry",
          async () => {
            const { annotations } = await sigstore.classicKeyless({ identity, issuer, payload });
            const { "dev.sigstore.cosign/bundle": _rekor, ...rest } = annotations;
            return layer(payload, rest);
          },
          null,
          /has no transparency-log entry \(dev\.sigstore\.cosign\/bundle annotation\)/,
        ],
        [
          "a Rekor entry that is not JSON",
          async () => {
            const { annotations } = await sigstore.classicKeyless({ identity, issuer, payload });
            return layer(payload, { ...annotations, "dev.sigstore.cosign/bundle": "{" });
          },
          null,
          /dev\.sigstore\.cosign\/bundle annotation is not JSON/,
        ],
      ];
      it.each(cases)("refuses %s", async (_name, make, p, reason) => {
        const v = verdict(await make(), p ?? policy);
        expect(v.verified).toBe(false);
        expect(v.reason).toMatch(reason);
      });
    });
  },
);
