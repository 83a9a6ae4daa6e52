import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyImageSignature, verifyKeyless } from "../../../src/core/signatures/index.js";
import type { KeylessPolicy } from "../../../src/core/signatures/index.js";
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
  },
);
