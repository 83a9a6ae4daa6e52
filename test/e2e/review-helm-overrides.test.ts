import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readTree } from "../../sim/app-world.js";
import { GateRegistry } from "./gate-registry.js";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

/** A Helm chart whose environment files set only the tag (test/fixtures/helm-overrides/README.md). */
const FIXTURE = readTree(new URL("../fixtures/helm-overrides/", import.meta.url).pathname);
const PROD = "charts/api/values-prod.yaml";
const BASE = "charts/api/values.yaml";
/** `image:\n  tag: "1.2.3" # promoted …` — the tag is line 5 of the override. */
const TAG_LINE = 5;

let reg: GateRegistry;
let world: ReviewWorld;
beforeAll(async () => {
  reg = await GateRegistry.start();
  reg.push("1.4.0", { HIGH: 1 });
  // Scanned (critical findings) and never signed.
  reg.push("1.9.0", { CRITICAL: 2 });
});
afterAll(() => reg.close());
afterEach(async () => {
  await world.close();
});

/** The fixture chart with its images in the test registry, and `images` / `review` config. */
function files(images: string, review = ""): Record<string, string> {
  const host = reg.fake.host;
  return {
    ...FIXTURE,
    [BASE]: (FIXTURE[BASE] ?? "").replaceAll("ghcr.io/acme/", `${host}/acme/`),
    ".github/bumpwarden.yml": `images:\n${images}review:\n  allowedRegistries: ["${host}/acme"]\n${review}`,
    ".github/cosign.pub": reg.key.publicPem,
  };
}

/** A PR that changes only the prod override's tag, as a person or a bump would, reviewed on open. */
async function tagOnlyPr(tag: string, config: Record<string, string>) {
  world = await reviewWorld({ files: config, driver: { registry: async () => reg.client() } });
  const override = (FIXTURE[PROD] ?? "").replace('tag: "1.2.3"', `tag: "${tag}"`);
  expect(override).not.toBe(FIXTURE[PROD]);
  const pr = world.openPullRequest(`prod-${tag}`, { [PROD]: override });
  await world.deliver("opened", pr.number);
  const comments = world.comments(pr.number).map((c) => [c.path, c.line, c.body.split("\n")[0]]);
  return { comments, check: world.checkRuns(pr.headSha)[0] };
}

describe("review of a PR that changes only a Helm override's tag", () => {
  it("verifies the signature and the gates of the image the base names, on the override's tag line", async () => {
    const api = `  - match: "${reg.image}"\n    verify: { cosign: { key: .github/cosign.pub } }\n    gates:\n      keys: [.github/cosign.pub]\n      vulnerabilities: { critical: 0 }\n`;
    const { comments, check } = await tagOnlyPr("1.9.0", files(api));
    expect(comments).toEqual([
      [
        PROD,
        TAG_LINE,
        expect.stringMatching(
          /^\*\*error\*\* \[gate-vulnerabilities\]\(.*\): .*\/acme\/api:1\.9\.0 is blocked in prod by the vulnerabilities gate: 2 critical \(max 0\)/,
        ),
      ],
      [
        PROD,
        TAG_LINE,
        expect.stringMatching(
          /^\*\*error\*\* \[image-signature\]\(.*\): .*\/acme\/api:1\.9\.0 has no valid cosign signature: no cosign signature found/,
        ),
      ],
    ]);
    expect(check?.conclusion).toBe("failure");
    // The base is context: nothing is reported on it.
    expect(check?.output.annotations.filter((a) => a.path === BASE)).toEqual([]);
  });

  it("applies the image rules (mutable tag, environments) to the resolved image", async () => {
    const { comments, check } = await tagOnlyPr(
      "latest",
      files(`  - match: "${reg.image}"\n    allowIn: [staging]\n`),
    );
    expect(comments).toEqual([
      [
        PROD,
        TAG_LINE,
        expect.stringMatching(
          /^\*\*error\*\* \[image-environment\]\(.*\): .*\/acme\/api is only allowed in staging, not in prod/,
        ),
      ],
      [
        PROD,
        TAG_LINE,
        expect.stringMatching(
          /^\*\*error\*\* \[image-latest\]\(.*\): .*\/acme\/api:latest uses "latest"/,
        ),
      ],
    ]);
    expect(check?.conclusion).toBe("failure");
  });

  it("says nothing about an image that passes", async () => {
    const api = `  - match: "${reg.image}"\n    gates:\n      keys: [.github/cosign.pub]\n      vulnerabilities: { critical: 0 }\n`;
    const attestations = reg.fake.count(/manifests\/sha256-[0-9a-f]{64}\.att$/);
    const { comments, check } = await tagOnlyPr("1.4.0", files(api));
    // The gates were judged (the image's attestation was read), and passed.
    expect(reg.fake.count(/manifests\/sha256-[0-9a-f]{64}\.att$/)).toBeGreaterThan(attestations);
    expect(comments).toEqual([]);
    expect(check?.conclusion).toBe("success");
  });
});
