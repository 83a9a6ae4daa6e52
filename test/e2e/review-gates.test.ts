import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GateRegistry } from "./gate-registry.js";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

const DEV = "apps/api/overlays/dev/kustomization.yaml";
const PROD = "apps/api/overlays/prod/kustomization.yaml";

let reg: GateRegistry;
let world: ReviewWorld;
beforeAll(async () => {
  reg = await GateRegistry.start();
  reg.push("1.7.2", { HIGH: 1 });
  reg.push("1.8.0", { HIGH: 2, MEDIUM: 5 });
  reg.push("1.9.0", { CRITICAL: 2, HIGH: 1 });
});
afterAll(() => reg.close());
afterEach(async () => {
  await world.close();
});

const gates = `    gates:
      keys: [.github/cosign.pub]
      vulnerabilities: { critical: 0, high: 3 }
      environments:
        dev: { mode: warn }
`;

function overlay(tag: string): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\nimages:\n  - name: ${reg.image}\n    newTag: "${tag}"\n`;
}

function files(withGates = true, review = ""): Record<string, string> {
  const deployment = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  image: ${reg.image}\n`;
  return {
    ".github/bumpwarden.yml": `environments:\n  dev: ["apps/*/overlays/dev/**"]\n  prod: ["apps/*/overlays/prod/**"]\nimages:\n  - match: "${reg.fake.host}/acme/*"\n${withGates ? gates : ""}review:\n  allowedRegistries: ["${reg.fake.host}/acme"]\n${review}`,
    ".github/cosign.pub": reg.key.publicPem,
    [DEV]: overlay("1.7.2"),
    [PROD]: overlay("1.7.2"),
    "apps/api/overlays/dev/deployment.yaml": deployment,
    "apps/api/overlays/prod/deployment.yaml": deployment,
  };
}

/** A person's PR that moves the overlays in `changes` to new tags, reviewed on open. */
async function humanPr(changes: Record<string, string>, withGates = true, review = "") {
  world = await reviewWorld({
    files: files(withGates, review),
    driver: { registry: async () => reg.client() },
  });
  const edits = Object.fromEntries(Object.entries(changes).map(([p, tag]) => [p, overlay(tag)]));
  const pr = world.openPullRequest(`deploy-${Object.values(changes).join("-")}`, edits);
  await world.deliver("opened", pr.number);
  const gated = world.comments(pr.number).filter((c) => /\[gate-/.test(c.body));
  return { pr, gated, check: () => world.checkRuns(pr.headSha)[0] };
}

const first = (body: string) => body.split("\n")[0];

describe("supply-chain gates of images a human PR changes, as review findings", () => {
  it("comments on the changed tag line when a gate blocks in its environment, and fails the check", async () => {
    const { pr, gated, check } = await humanPr({ [PROD]: "1.9.0" });
    expect(gated.map((c) => [c.path, c.line, first(c.body)])).toEqual([
      [
        PROD,
        7,
        expect.stringMatching(
          /^\*\*error\*\* \[gate-vulnerabilities\]\(.*\): .*\/acme\/api:1\.9\.0 is blocked in prod by the vulnerabilities gate: 2 critical \(max 0\) \(trivy v0\.56\.2\)/,
        ),
      ],
    ]);
    expect(check()?.conclusion).toBe("failure");
    // The attestation was read once for the image (one `.att` lookup).
    expect(reg.fake.count(/manifests\/sha256-[0-9a-f]{64}\.att$/)).toBeGreaterThan(0);

    // Reviewing the same head again posts nothing twice.
    await world.deliver("synchronize", pr.number);
    expect(world.comments(pr.number).filter((c) => /\[gate-/.test(c.body))).toHaveLength(1);
  });

  it("warns where the environment's gates only warn: the same image in dev passes the check", async () => {
    const { gated, check } = await humanPr({ [DEV]: "1.9.0" });
    expect(gated.map((c) => [c.path, c.line, first(c.body)])).toEqual([
      [
        DEV,
        7,
        expect.stringMatching(
          /^\*\*warning\*\* \[gate-vulnerabilities\]\(.*\): .*:1\.9\.0 has a warning in dev by the vulnerabilities gate/,
        ),
      ],
    ]);
    expect(check()?.conclusion).toBe("success");
  });

  it("says so, in one finding, when the registry does not know the tag", async () => {
    const { gated, check } = await humanPr({ [PROD]: "2.0.0" });
    expect(gated.map((c) => [c.path, c.line, first(c.body)])).toEqual([
      [
        PROD,
        7,
        expect.stringMatching(
          /^\*\*error\*\* \[gate-unresolved\]\(.*\): .*:2\.0\.0 could not be checked against the supply-chain gates \(prod\): the registry does not know .*\/acme\/api:2\.0\.0/,
        ),
      ],
    ]);
    expect(check()?.conclusion).toBe("failure");
  });

  it("says nothing about an image that passes", async () => {
    const { gated, check } = await humanPr({ [PROD]: "1.8.0", [DEV]: "1.8.0" });
    expect(gated).toEqual([]);
    expect(check()?.conclusion).toBe("success");
  });

  it("follows review.mode and review.rules like every other rule", async () => {
    const monitored = await humanPr({ [PROD]: "1.9.0" }, true, "  mode: monitor\n");
    expect(monitored.gated.map((c) => first(c.body))).toEqual([
      expect.stringMatching(/^\*\*warning\*\* \[gate-vulnerabilities\]/),
    ]);
    expect(monitored.check()?.conclusion).toBe("neutral");
    await world.close();
    const off = await humanPr(
      { [PROD]: "1.9.0" },
      true,
      "  rules: { gate-vulnerabilities: off }\n",
    );
    expect(off.gated).toEqual([]);
    expect(off.check()?.conclusion).toBe("success");
  });

  it("asks the registry nothing when no image rule has gates", async () => {
    const before = reg.fake.requests.length;
    const { gated } = await humanPr({ [PROD]: "1.9.0" }, false);
    expect(gated).toEqual([]);
    expect(reg.fake.requests.length).toBe(before);
  });
});
