import { describe, expect, it } from "vitest";
import { loadTrustedRoot } from "../../src/drivers/trusted-root.js";
import { readSettings } from "../../src/drivers/settings.js";

const root = {
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [
    {
      baseUrl: "https://rekor.example",
      hashAlgorithm: "SHA2_256",
      publicKey: {
        // An ECDSA P-256 SubjectPublicKeyInfo (any valid key will do: nothing is verified here).
        rawBytes:
          "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==",
        keyDetails: "PKIX_ECDSA_P256_SHA_256",
        validFor: { start: "2021-01-12T11:53:27Z" },
      },
      logId: { keyId: "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=" },
    },
  ],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

describe("BUMPWARDEN_SIGSTORE_TRUSTED_ROOT", () => {
  it("is read once and parsed; unset means no keyless verification", () => {
    const settings = readSettings({
      BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: "/etc/bw/trusted_root.json",
    });
    const read = (path: string) => {
      expect(path).toBe("/etc/bw/trusted_root.json");
      return JSON.stringify(root);
    };
    expect(loadTrustedRoot(settings.BUMPWARDEN_SIGSTORE_TRUSTED_ROOT, read)).toEqual(root);
    const unset = readSettings({ BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: "" });
    expect(loadTrustedRoot(unset.BUMPWARDEN_SIGSTORE_TRUSTED_ROOT, read)).toBeUndefined();
  });

  it.each([
    [
      "a file that cannot be read",
      () => {
        throw new Error("ENOENT: no such file");
      },
      /ENOENT/,
    ],
    ["a file that is not JSON", () => "{", /JSON/],
    [
      "a key that does not parse",
      () =>
        JSON.stringify({
          ...root,
          tlogs: [
            {
              ...root.tlogs[0],
              publicKey: { rawBytes: "AAAA", keyDetails: "PKIX_ECDSA_P256_SHA_256" },
            },
          ],
        }),
      /not a Sigstore trusted root/,
    ],
    [
      "a root with nothing to trust",
      () => JSON.stringify({ ...root, tlogs: [] }),
      /names no certificate authority and no transparency log/,
    ],
  ])("stops the start, naming the file, on %s", (_name, read, message) => {
    expect(() => loadTrustedRoot("/etc/bw/root.json", read)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(message) }),
    );
    expect(() => loadTrustedRoot("/etc/bw/root.json", read)).toThrow(
      /^BUMPWARDEN_SIGSTORE_TRUSTED_ROOT: \/etc\/bw\/root\.json: /,
    );
  });
});
