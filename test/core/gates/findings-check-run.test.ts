import { describe, expect, it } from "vitest";
import { gateFindings, renderGateCheckRun } from "../../../src/core/gates/index.js";
import type { GateResult } from "../../../src/core/gates/index.js";

const vulnBlock: GateResult = {
  gate: "vulnerabilities",
  result: "block",
  reason: "1 critical (max 0) (Trivy 0.56.2)",
};
const vulnWarn: GateResult = { ...vulnBlock, result: "warn" };
const pre: GateResult = {
  gate: "prerelease",
  result: "block",
  reason: "1.9.0-rc.1 is a pre-release",
};
const prov: GateResult = {
  gate: "provenance",
  result: "pass",
  reason: "built by x from github.com/acme/api@c27d339ee607 (SLSA v1)",
};

describe("gateFindings", () => {
  const change = {
    file: "clusters/prod/api.yaml",
    line: 21,
    column: 18,
    image: "ghcr.io/acme/api:1.9.0-rc.1",
    gates: { dev: [prov, vulnWarn], staging: [prov, vulnBlock], prod: [prov, vulnBlock, pre] },
  };

  it("one finding per blocking or warning gate on the changed image line, only for the file's environments", () => {
    const findings = gateFindings([{ ...change, environments: ["prod"] }]);
    expect(
      findings.map(({ fingerprint, ...f }) => ({ ...f, fingerprint: fingerprint.length })),
    ).toEqual([
      {
        file: "clusters/prod/api.yaml",
        line: 21,
        column: 18,
        rule: "gate-vulnerabilities",
        severity: "error",
        message:
          "ghcr.io/acme/api:1.9.0-rc.1 is blocked in prod by the vulnerabilities gate: 1 critical (max 0) (Trivy 0.56.2)",
        fingerprint: 20,
      },
      {
        file: "clusters/prod/api.yaml",
        line: 21,
        column: 18,
        rule: "gate-prerelease",
        severity: "error",
        message:
          "ghcr.io/acme/api:1.9.0-rc.1 is blocked in prod by the prerelease gate: 1.9.0-rc.1 is a pre-release",
        fingerprint: 20,
      },
    ]);
  });

  it("a file outside any environment is judged for all; equal verdicts share one finding; fingerprints are stable", () => {
    const a = gateFindings([{ ...change, environments: [] }]);
    expect(a.map((f) => [f.rule, f.severity, f.message.split(" by ")[0]])).toEqual([
      ["gate-vulnerabilities", "warning", "ghcr.io/acme/api:1.9.0-rc.1 has a warning in dev"],
      ["gate-vulnerabilities", "error", "ghcr.io/acme/api:1.9.0-rc.1 is blocked in staging, prod"],
      ["gate-prerelease", "error", "ghcr.io/acme/api:1.9.0-rc.1 is blocked in prod"],
    ]);
    const moved = gateFindings([{ ...change, environments: [], line: 40 }]);
    expect(moved.map((f) => f.fingerprint)).toEqual(a.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(3);
  });

  it("nothing to say when every gate passes", () => {
    expect(gateFindings([{ ...change, environments: ["prod"], gates: { prod: [prov] } }])).toEqual(
      [],
    );
  });
});

describe("renderGateCheckRun", () => {
  const base = {
    image: "ghcr.io/acme/api",
    tag: "1.8.0",
    digest: `sha256:${"a".repeat(64)}`,
    environment: "prod",
  };

  it("a blocking gate fails the check; the summary is a table of gate, result, reason", () => {
    const run = renderGateCheckRun({
      ...base,
      results: [prov, vulnBlock, { gate: "licenses", result: "pass", reason: "a | b" }],
      source: {
        repository: "github.com/acme/api",
        revision: "c27d339ee6075c1f744c5d4b200f7901aad2c369",
      },
    });
    expect(run.name).toBe("bumpwarden/supply-chain");
    expect(run.conclusion).toBe("failure");
    expect(run.title).toBe("Blocked in prod: vulnerabilities");
    expect(run.summary.split("\n").slice(0, 7)).toEqual([
      `**ghcr.io/acme/api:1.8.0** in **prod** (\`${base.digest}\`)`,
      "",
      "| Gate | Result | Reason |",
      "| --- | --- | --- |",
      "| provenance | ✅ pass | built by x from github.com/acme/api@c27d339ee607 (SLSA v1) |",
      "| vulnerabilities | ⛔ block | 1 critical (max 0) (Trivy 0.56.2) |",
      "| licenses | ✅ pass | a \\| b |",
    ]);
    expect(run.summary).toContain(
      "Source (from the verified provenance): `github.com/acme/api` at `c27d339ee6075c1f744c5d4b200f7901aad2c369`",
    );
  });

  it("warnings make it neutral, all passing makes it green, no gates is neutral", () => {
    expect(renderGateCheckRun({ ...base, results: [prov, vulnWarn] })).toMatchObject({
      conclusion: "neutral",
      title: "1 passed, 1 warning: vulnerabilities",
    });
    expect(renderGateCheckRun({ ...base, results: [prov] })).toMatchObject({
      conclusion: "success",
      title: "The supply-chain gate passed in prod",
    });
    expect(renderGateCheckRun({ ...base, results: [] })).toMatchObject({
      conclusion: "neutral",
      title: "No supply-chain gates apply in prod",
    });
  });
});
