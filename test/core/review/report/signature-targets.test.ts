import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/core/config/load.js";
import {
  keyPaths,
  signatureTargets,
} from "../../../../src/core/review/report/signature-targets.js";
import { diffOf } from "./helpers.js";

const config = (text: string) => {
  const c = parseConfig(text);
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  return c.value;
};
const signed = config(`images:
  - match: "ghcr.io/acme/*"
    verify: { cosign: { key: .github/cosign.pub } }
  - match: "docker.io/library/*"
`);
const before = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]
images:
  - name: ghcr.io/acme/api
    newTag: "1.7.2"
  - name: ghcr.io/acme/worker
    newTag: "2.0.0"
  - name: nginx
    newTag: "1.27"
`;
const path = "apps/api/overlays/dev/kustomization.yaml";

describe("signatureTargets", () => {
  it("takes images on added lines whose rule asks for cosign, once each", () => {
    const after = before.replace('"1.7.2"', '"1.8.0"').replace('"1.27"', '"1.28"');
    const targets = signatureTargets([{ path, text: after }], diffOf(path, before, after), signed);
    expect(targets).toEqual([
      { repository: "ghcr.io/acme/api", tag: "1.8.0", digest: null, keys: [".github/cosign.pub"] },
    ]);
    expect(keyPaths(targets)).toEqual([".github/cosign.pub"]);
  });

  it("keeps a digest as written, takes inline PEM keys as keys, and needs no key file for them", () => {
    const pem = "-----BEGIN PUBLIC KEY-----\\nMFkw\\n-----END PUBLIC KEY-----";
    const c = config(
      `images:\n  - match: "ghcr.io/acme/*"\n    verify: { cosign: { keys: ["${pem}", keys/b.pub] } }\n`,
    );
    const after = before.replace(
      'newTag: "2.0.0"',
      'newTag: "2.0.0"\n    digest: sha256:' + "a".repeat(64),
    );
    const targets = signatureTargets([{ path, text: after }], diffOf(path, before, after), c);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      repository: "ghcr.io/acme/worker",
      tag: "2.0.0",
      digest: `sha256:${"a".repeat(64)}`,
    });
    expect(keyPaths(targets)).toEqual(["keys/b.pub"]);
  });

  it("asks nothing when no rule verifies, or nothing verified changed", () => {
    expect(
      signatureTargets(
        [{ path, text: before }],
        diffOf(path, null, before),
        config("images: []\n"),
      ),
    ).toEqual([]);
    expect(
      signatureTargets([{ path, text: before }], diffOf(path, before, before), signed),
    ).toEqual([]);
  });
});
