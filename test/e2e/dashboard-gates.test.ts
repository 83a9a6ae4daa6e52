import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BumpOutcome } from "../../src/app/bump-repo.js";
import { recordBumpOutcome } from "../../src/app/dashboard-outcome.js";
import type { OutcomeDeps } from "../../src/app/dashboard-outcome.js";
import { createGateEvaluator } from "../../src/app/gate-evidence.js";
import { gatherEvidence } from "../../src/app/image-evidence.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { parseDashboard } from "../../src/core/dashboard/state.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import { displayImage } from "../../src/core/pr/title.js";
import { dashboardDeps } from "../../src/drivers/worker/services.js";
import { controlsWorld, READER, WRITER } from "./controls-world.js";
import type { ControlsWorld } from "./controls-world.js";
import { GateRegistry } from "./gate-registry.js";
import { exampleRepoFiles } from "./gitops-world.js";

let reg: GateRegistry;
let w: ControlsWorld;

beforeAll(async () => {
  reg = await GateRegistry.start();
});
afterAll(() => reg.close());
afterEach(async () => {
  await w.close();
});

/** The example repository with its images in the test registry, gated on critical vulnerabilities. */
function files(extra = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(exampleRepoFiles()))
    out[path] = text.replaceAll("ghcr.io/acme", `${reg.fake.host}/acme`);
  out[".github/cosign.pub"] = reg.key.publicPem;
  out[".github/bumpwarden.yml"] = `environments:
  dev: ["apps/*/overlays/dev/**", "apps/web/values-dev.yaml"]
  staging: ["apps/*/overlays/staging/**", "apps/web/values-staging.yaml"]
  prod:
    paths: ["apps/*/overlays/prod/**", "apps/web/values-prod.yaml", "clusters/prod/**"]
    requires: staging
    soak: 1h
images:
  - match: "${reg.fake.host}/acme/*"
    policy: { semver: ">=1.0.0 <2.0.0" }
    gates:
      keys: [.github/cosign.pub]
      vulnerabilities: { critical: 0, high: 3 }
      environments:
        dev: { mode: warn }
pullRequests:
  labels: [dependencies, gitops]
${extra}`;
  return out;
}

async function world(extra = ""): Promise<ControlsWorld> {
  const registry = reg.client();
  const gates = createGateEvaluator({ registry });
  return controlsWorld(files(extra), {
    image: reg.image,
    evidence: (request) => gatherEvidence(registry, request, { gates }),
  });
}

/** What the worker does after each bump job (src/drivers/worker/handle-job.ts). */
const record = (outcome: BumpOutcome) => {
  const deps: OutcomeDeps = {
    ...dashboardDeps(w.client, w.installationId, w.deps.index),
    clock: w.deps.clock,
  };
  return recordBumpOutcome(w.repo, outcome, deps);
};
const envOf = (outcome: BumpOutcome, env: string) =>
  outcome.outcomes.find((o) => o.environment === env);
const check = (body: string, marker: string) =>
  body
    .split("\n")
    .map((l) => (l.includes(marker) ? l.replace("- [ ]", "- [x]") : l))
    .join("\n");
const blockedOf = () => parseDashboard(w.dashboard()?.body).state.blocked;

describe("gate results on the bump PR", () => {
  it("the PR body has the gate table and the head commit a bumpwarden/supply-chain check run", async () => {
    w = await world();
    reg.push("1.8.0", { CRITICAL: 2, HIGH: 1 });
    const outcome = await w.push("1.8.0");
    expect(envOf(outcome, "dev")?.kind).toBe("open"); // dev only warns
    const pr = w.openPull("dev");
    const reason = "2 critical (max 0) (trivy v0.56.2)";
    expect(pr.body).toContain(
      [
        "**Supply-chain gates**",
        "",
        "| Gate | Result | Reason |",
        "| --- | --- | --- |",
        `| vulnerabilities | warn | ${reason} |`,
      ].join("\n"),
    );
    const repo = w.sim.human.repo(w.full);
    const head = repo.pulls.get(pr.number)?.head ?? "";
    const sha = repo.refs.get(`refs/heads/${head}`);
    const runs = [...repo.checkRuns.values()].filter(
      (r) => r.headSha === sha && r.name === "bumpwarden/supply-chain",
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(runs[0]?.output.summary).toContain(reason);
  });
});

describe("a bump a supply-chain gate blocks, on the dashboard", () => {
  it("shows with its reason, and leaves once a re-check finds the gate passing", async () => {
    w = await world();
    reg.push("1.8.0", { CRITICAL: 2, HIGH: 1 });
    const outcome = await w.push("1.8.0");
    expect(envOf(outcome, "dev")?.kind).toBe("open"); // dev only warns
    expect(envOf(outcome, "staging")).toMatchObject({ kind: "skip", state: "gated" });
    expect(envOf(outcome, "prod")).toMatchObject({ kind: "skip", state: "gated" });

    expect(await record(outcome)).toMatchObject({ kind: "synced", created: true });
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    const image = displayImage(reg.image);
    expect(d.body).toContain(`## Blocked\n\nVersions bumpwarden did not propose, and why.`);
    const reason =
      "vulnerabilities: 2 critical (max 0) (trivy v0.56.2) (since 2026-11-23 12:00 UTC)";
    expect(d.body).toContain(
      [
        `- [ ] <!-- bw:recheck:1 --> \`${image}\` \`1.8.0\` in **staging** — supply-chain gates: ${reason}`,
        `- [ ] <!-- bw:recheck:2 --> \`${image}\` \`1.8.0\` in **prod** — supply-chain gates: ${reason}`,
      ].join("\n"),
    );
    expect(blockedOf()).toEqual([
      expect.objectContaining({ id: 1, environment: "staging", tag: "1.8.0", state: "gated" }),
      expect.objectContaining({ id: 2, environment: "prod", tag: "1.8.0", state: "gated" }),
    ]);

    // The same outcome again (a redelivery, a reconcile): one read, nothing written.
    const again = await w.push("1.8.0");
    w.sim.counts.reset();
    expect(await record(again)).toEqual({ kind: "unchanged" });
    expect(w.sim.counts.snapshot()).toEqual({ "GET /repos/{owner}/{repo}/issues": 1 });

    // A new scan finds the criticals fixed; a writer checks both boxes.
    w.now.value = new Date("2026-11-23T13:00:00Z");
    reg.attest("1.8.0", { HIGH: 1 });
    await w.editIssue(d.number, check(check(d.body, "bw:recheck:1"), "bw:recheck:2"), WRITER);
    const staging = w.openPull("staging");
    expect(parseMarker(staging.body)?.tag).toBe("1.8.0");
    // prod now waits for staging, the normal promotion path: no longer blocked.
    expect(blockedOf()).toEqual([]);
    expect(w.dashboard()?.body).not.toContain("## Blocked");
    expect(w.dashboard()?.body).toContain(
      `- #${staging.number} \`${image}\` → \`1.8.0\` in **staging**`,
    );
  });

  it("/recheck on the dashboard says what became of each; on the bump PR it proposes the blocked tag there", async () => {
    w = await world();
    reg.push("1.8.0", { HIGH: 1 });
    await record(await w.push("1.8.0"));
    const staging = w.pullNumber("staging");
    reg.push("1.9.0", { CRITICAL: 1 });
    const gated = await w.push("1.9.0");
    expect(envOf(gated, "staging")).toMatchObject({ kind: "skip", state: "gated" });
    await record(gated);
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    const entries = blockedOf();
    expect(entries).toEqual([
      expect.objectContaining({
        environment: "staging",
        tag: "1.9.0",
        since: "2026-11-23T12:00:00.000Z",
      }),
      expect.objectContaining({ environment: "prod", tag: "1.9.0" }),
    ]);

    // Someone without write access is refused, politely, and nothing is planned.
    const refused = await w.comment(d.number, "/recheck", READER);
    expect(w.reactionsOn(refused)).toEqual(["eyes", "confused"]);
    expect(w.botComments(d.number).at(-1)).toMatch(
      new RegExp(`^Thanks @${READER}! \`/recheck\` needs write access`),
    );

    w.now.value = new Date("2026-11-23T14:00:00Z");
    const asked = await w.comment(d.number, "/recheck");
    expect(w.reactionsOn(asked)).toEqual(["eyes", "+1"]);
    const image = displayImage(reg.image);
    const still = "still not proposed (vulnerabilities: 1 critical (max 0) (trivy v0.56.2)).";
    expect(w.botComments(d.number).at(-1)).toBe(
      [
        "Checked again:",
        `- \`${image}\` \`1.9.0\` in staging: ${still}`,
        `- \`${image}\` \`1.9.0\` in prod: ${still}`,
      ].join("\n"),
    );
    // Still blocked for the same reason: still "since" the first time.
    expect(blockedOf()).toEqual(entries);

    reg.attest("1.9.0", { MEDIUM: 4 });
    await w.comment(staging, "/recheck");
    expect(parseMarker(w.openPull("staging").body)?.tag).toBe("1.9.0");
    expect(w.botComments(staging).at(-1)).toBe(
      `\`${image}\` \`1.9.0\` in staging: this pull request now proposes it.`,
    );
    expect(blockedOf().map((b) => b.environment)).toEqual(["prod"]);

    await w.comment(d.number, "/recheck");
    expect(w.botComments(d.number).at(-1)).toBe(
      `Checked again:\n- \`${image}\` \`1.9.0\` in prod: still not proposed (waiting for staging (#${staging} is not merged yet)).`,
    );
    expect(blockedOf()).toEqual([]);
  });

  it("drops, on re-check, a blocked version from an environment that no longer uses the image", async () => {
    w = await world();
    reg.push("1.8.0", { CRITICAL: 1 });
    await record(await w.push("1.8.0"));
    const d = w.dashboard();
    if (!d) throw new Error("no dashboard");
    w.sim.human.push(
      w.full,
      "main",
      { "apps/api/overlays/staging/kustomization.yaml": null },
      { author: WRITER },
    );
    await indexRepository(w.host, w.deps.index, w.installationId, w.repo);
    await w.editIssue(d.number, check(d.body, "bw:recheck:1"), WRITER);
    expect(blockedOf().map((b) => b.environment)).toEqual(["prod"]);
  });

  it("is cleared by a later bump that passes (the reconcile path), and costs nothing with dashboard.enabled: false", async () => {
    w = await world();
    reg.push("1.8.0", { CRITICAL: 3 });
    await record(await w.push("1.8.0"));
    expect(blockedOf()).toHaveLength(2);
    reg.attest("1.8.0", {});
    const passed = await w.push("1.8.0");
    expect(envOf(passed, "staging")?.kind).toBe("open");
    expect(await record(passed)).toMatchObject({ kind: "synced", written: true });
    expect(blockedOf()).toEqual([]);
    await w.close();

    w = await world("dashboard:\n  enabled: false\n");
    reg.attest("1.8.0", { CRITICAL: 3 });
    const outcome = await w.push("1.8.0");
    w.sim.counts.reset();
    expect(await record(outcome)).toEqual({ kind: "disabled" });
    expect(w.sim.counts.total()).toBe(0);
    expect(w.dashboard()).toBeUndefined();
  });
});
