import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { systemClock } from "../../src/ports/clock.js";
import { ecdsaKey, signB64, simpleSigningPayload } from "../core/signatures/cosign-fixtures.js";
import { FakeRegistry } from "../registry/harness/fake-registry.js";
import { buildImage } from "../registry/harness/oci-layout.js";
import { classicSignature } from "../registry/harness/signatures.js";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

const key = ecdsaKey();
const stranger = ecdsaKey();
const OVERLAY = "apps/api/overlays/dev/kustomization.yaml";

let fake: FakeRegistry;
let world: ReviewWorld;
beforeAll(async () => {
  fake = await new FakeRegistry().start();
  const push = (tag: string, signer: typeof key | null) => {
    const img = buildImage({ content: `acme-api-${tag}` });
    fake.putBlobs("acme/api", img.blobs);
    fake.putManifest("acme/api", [tag], img.manifest);
    if (!signer) return;
    const payload = simpleSigningPayload(img.manifest.digest, `${fake.host}/acme/api`);
    const sig = classicSignature([{ payload, signature: signB64(signer, payload) }]);
    fake.putBlobs("acme/api", sig.blobs);
    fake.putManifest("acme/api", [`${img.manifest.digest.replace(":", "-")}.sig`], sig.manifest);
  };
  push("1.7.2", key);
  push("1.8.0", key);
  push("1.9.0", null);
  push("2.0.0", stranger);
});
afterAll(() => fake.close());
afterEach(async () => {
  await world.close();
});

function files(): Record<string, string> {
  const host = fake.host;
  return {
    ".github/bumpwarden.yml": `images:\n  - match: "${host}/acme/*"\n    verify: { cosign: { key: .github/cosign.pub } }\nreview:\n  allowedRegistries: ["${host}/acme"]\n`,
    ".github/cosign.pub": key.publicPem,
    [OVERLAY]: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\nimages:\n  - name: ${host}/acme/api\n    newTag: "1.7.2"\n`,
    "apps/api/overlays/dev/deployment.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  image: ${host}/acme/api\n`,
  };
}

async function bumpTo(tag: string, extra: Record<string, string> = {}) {
  world = await reviewWorld({
    files: files(),
    driver: {
      registry: async () =>
        createRegistryClient({
          credentials: createCredentialStore({}, []),
          clock: systemClock,
          insecureHosts: [fake.host],
        }),
    },
  });
  const overlay = files()[OVERLAY]?.replace('newTag: "1.7.2"', `newTag: "${tag}"`) ?? "";
  const pr = world.openPullRequest(`bump-${tag}`, { [OVERLAY]: overlay, ...extra });
  await world.deliver("opened", pr.number);
  return {
    pr,
    signature: world.comments(pr.number).filter((c) => c.body.includes("image-signature")),
  };
}

describe("cosign signatures of images on changed lines, verified through the registry", () => {
  it("says nothing about an image signed with the configured key", async () => {
    const { pr, signature } = await bumpTo("1.8.0");
    expect(signature).toEqual([]);
    expect(fake.count(/manifests\/sha256-[0-9a-f]{64}\.sig$/)).toBeGreaterThan(0);
    expect(world.checkRuns(pr.headSha)[0]?.conclusion).toBe("success");
  });

  it("comments on the line of an unsigned image, and fails the check", async () => {
    const { pr, signature } = await bumpTo("1.9.0");
    expect(signature.map((c) => [c.line, c.body.split("\n")[0]])).toEqual([
      [
        7,
        expect.stringMatching(
          new RegExp(
            `^\\*\\*error\\*\\* \\[image-signature\\]\\(.*\\): ${fake.host}/acme/api:1\\.9\\.0 has no valid cosign signature: no cosign signature found`,
          ),
        ),
      ],
    ]);
    expect(world.checkRuns(pr.headSha)[0]?.conclusion).toBe("failure");
  });

  it("uses the default branch's key: a PR that swaps in its own key does not pass a badly signed image", async () => {
    const { signature } = await bumpTo("2.0.0", { ".github/cosign.pub": stranger.publicPem });
    expect(signature).toHaveLength(1);
    expect(signature[0]?.body).toContain("does not verify with any configured key");
  });
});
