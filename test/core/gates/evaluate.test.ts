import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/load.js";
import type { GatesConfig } from "../../../src/core/config/schema.js";
import {
  emptyFacts,
  evaluateGates,
  gatesFor,
  isPrerelease,
} from "../../../src/core/gates/index.js";
import type {
  GateFacts,
  Provenance,
  Sbom,
  VulnerabilityReport,
} from "../../../src/core/gates/index.js";
import { ACME_BUILDER, COMMIT } from "./fixtures.js";

const CONFIG = `
images:
  - match: "ghcr.io/acme/*"
    verify: { cosign: { key: .github/cosign.pub } }
    gates:
      provenance:
        builder: ["https://github.com/acme/.github/.github/workflows/*.yml@refs/heads/main"]
        source: ["github.com/acme/*"]
      vulnerabilities: { critical: 0, high: 3, missing: block }
      licenses: { deny: ["GPL-3.0-*", "AGPL-*"], missing: warn }
      prerelease: allow
      environments:
        dev: { mode: warn }
        prod:
          vulnerabilities: { high: 0 }
          licenses: { missing: block }
          prerelease: block
`;

function gates(text = CONFIG): GatesConfig {
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const g = parsed.value.images[0]?.gates;
  if (!g) throw new Error("no gates");
  return g;
}

const provenance = (over: Partial<Provenance> = {}): Provenance => ({
  slsa: "v1",
  builderId: ACME_BUILDER,
  buildType: "https://actions.github.io/buildtypes/workflow/v1",
  source: {
    repository: "github.com/acme/api",
    uri: "https://github.com/acme/api",
    revision: COMMIT,
    ref: "refs/heads/main",
  },
  ...over,
});
const report = (counts: Partial<VulnerabilityReport["counts"]>): VulnerabilityReport => ({
  format: "trivy",
  scanner: "Trivy 0.56.2",
  counts: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, ...counts },
});
const sbom = (licenses: Array<string | null>): Sbom => ({
  format: "spdx",
  version: "SPDX-2.3",
  packages: licenses.map((l, i) => ({ name: `pkg${i}`, version: "1.0", licenses: l ? [l] : [] })),
});
const facts = (over: Partial<GateFacts> = {}): GateFacts => ({
  ...emptyFacts(),
  provenance: [provenance()],
  vulnerabilities: [report({ high: 2, medium: 7 })],
  sboms: [sbom(["MIT", "Apache-2.0 OR GPL-3.0-only"])],
  ...over,
});
const ENVS = ["dev", "staging", "prod"];

describe("gates configuration", () => {
  it("environment overrides merge field by field over the image's gates; defaults fill the rest", () => {
    const g = gates();
    expect(gatesFor(g, "staging")).toEqual({
      mode: "block",
      provenance: {
        builder: ["https://github.com/acme/.github/.github/workflows/*.yml@refs/heads/main"],
        source: ["github.com/acme/*"],
        missing: "block",
      },
      vulnerabilities: { limits: { critical: 0, high: 3 }, missing: "block" },
      licenses: { allow: null, deny: ["GPL-3.0-*", "AGPL-*"], missing: "warn", unknown: "allow" },
      prerelease: "allow",
    });
    expect(gatesFor(g, "prod")).toMatchObject({
      mode: "block",
      vulnerabilities: { limits: { critical: 0, high: 0 }, missing: "block" },
      licenses: { missing: "block" },
      prerelease: "block",
    });
    expect(gatesFor(g, "dev")?.mode).toBe("warn");
    expect(gatesFor(undefined, "dev")).toBeNull();
  });

  it("keys are image-level: an environment override naming one is a configuration error with its path", () => {
    const bad = parseConfig(
      `images:\n  - match: "ghcr.io/acme/*"\n    gates:\n      environments:\n        prod: { keys: [a.pub] }\n`,
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error[0]?.path).toBe("images.0.gates.environments.prod");
    const typo = parseConfig(
      `images:\n  - match: "x"\n    gates: { vulnerabilities: { critcal: 0 } }\n`,
    );
    expect(!typo.ok && typo.error[0]?.path).toBe("images.0.gates.vulnerabilities");
  });
});

describe("evaluateGates", () => {
  it("each verdict is one line; prod's stricter high limit blocks what staging accepts", () => {
    const out = evaluateGates(gates(), ENVS, facts(), { tag: "1.8.0" });
    expect(out.prod).toEqual([
      {
        gate: "provenance",
        result: "pass",
        reason: `built by ${ACME_BUILDER} from github.com/acme/api@${COMMIT.slice(0, 12)} (SLSA v1)`,
      },
      { gate: "vulnerabilities", result: "block", reason: "2 high (max 0) (Trivy 0.56.2)" },
      { gate: "licenses", result: "pass", reason: "2 packages, all licenses allowed (SPDX-2.3)" },
      { gate: "prerelease", result: "pass", reason: "1.8.0 is a release" },
    ]);
    expect(out.staging?.map((r) => r.result)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(out.staging?.[1]?.reason).toBe("0 critical, 2 high, 7 medium (Trivy 0.56.2)");
    for (const rs of Object.values(out)) for (const r of rs) expect(r.reason).not.toMatch(/\n/);
  });

  it("the same image is allowed in dev and staging but blocked in prod (pre-release, thresholds)", () => {
    const out = evaluateGates(
      gates(),
      ENVS,
      facts({ vulnerabilities: [report({ critical: 1 })] }),
      { tag: "1.9.0-rc.1" },
    );
    expect(out.dev?.filter((r) => r.result === "block")).toEqual([]);
    expect(out.dev?.find((r) => r.gate === "vulnerabilities")).toEqual({
      gate: "vulnerabilities",
      result: "warn",
      reason: "1 critical (max 0) (Trivy 0.56.2)",
    });
    expect(out.staging?.find((r) => r.gate === "prerelease")).toEqual({
      gate: "prerelease",
      result: "pass",
      reason: "1.9.0-rc.1 is a pre-release (allowed here)",
    });
    expect(out.prod?.filter((r) => r.result === "block").map((r) => r.gate)).toEqual([
      "vulnerabilities",
      "prerelease",
    ]);
  });

  it("wrong builder and wrong source are named", () => {
    const evil = provenance({
      builderId: "https://github.com/evil/ci/.github/workflows/build.yml@refs/heads/main",
    });
    expect(
      evaluateGates(gates(), ["staging"], facts({ provenance: [evil] }), { tag: "1.8.0" })
        .staging?.[0],
    ).toEqual({
      gate: "provenance",
      result: "block",
      reason:
        "built by https://github.com/evil/ci/.github/workflows/build.yml@refs/heads/main, not an allowed builder (https://github.com/acme/.github/.github/workflows/*.yml@refs/heads/main)",
    });
    const fork = provenance({
      source: { repository: "github.com/evil/api", uri: "x", revision: null, ref: null },
    });
    expect(
      evaluateGates(gates(), ["staging"], facts({ provenance: [fork] }), { tag: "1.8.0" })
        .staging?.[0]?.reason,
    ).toBe("built from github.com/evil/api, not an allowed source (github.com/acme/*)");
    const noSource = provenance({ source: null });
    expect(
      evaluateGates(gates(), ["staging"], facts({ provenance: [noSource] }), { tag: "1.8.0" })
        .staging?.[0]?.reason,
    ).toBe("the provenance (SLSA v1) names no source repository");
    // One matching provenance among several is enough.
    expect(
      evaluateGates(gates(), ["staging"], facts({ provenance: [fork, provenance()] }), {
        tag: "1.8.0",
      }).staging?.[0]?.result,
    ).toBe("pass");
  });

  it("denied licenses list the packages", () => {
    const out = evaluateGates(
      gates(),
      ["staging"],
      facts({
        sboms: [
          sbom(["MIT", "GPL-3.0-only", "AGPL-3.0-or-later", "GPL-3.0-or-later", "GPL-3.0-only"]),
        ],
      }),
      { tag: "1.8.0" },
    );
    expect(out.staging?.find((r) => r.gate === "licenses")).toEqual({
      gate: "licenses",
      result: "block",
      reason:
        "denied: GPL-3.0-only (pkg1 1.0), AGPL-3.0-or-later (pkg2 1.0), GPL-3.0-or-later (pkg3 1.0) and 1 more (SPDX-2.3)",
    });
  });

  it.each([
    ["block", "block", "no vulnerability report (none found at tag sha256-x.att)"],
    ["warn", "warn", "no vulnerability report (none found at tag sha256-x.att)"],
    ["allow", "pass", "no vulnerability report (allowed here) (none found at tag sha256-x.att)"],
  ] as const)("a missing report with missing: %s → %s", (missing, result, reason) => {
    const g = gates(
      `images:\n  - match: x\n    gates: { vulnerabilities: { critical: 0, missing: ${missing} } }\n`,
    );
    const out = evaluateGates(
      g,
      ["prod"],
      { ...emptyFacts(), rejected: ["none found at tag sha256-x.att"] },
      { tag: "1" },
    );
    expect(out.prod).toEqual([{ gate: "vulnerabilities", result, reason }]);
  });

  it("missing SBOM and missing provenance follow their own defaults (warn, block)", () => {
    const g = gates(
      `images:\n  - match: x\n    gates: { provenance: {}, licenses: { allow: [MIT] } }\n`,
    );
    expect(evaluateGates(g, ["prod"], emptyFacts(), { tag: "1" }).prod).toEqual([
      { gate: "provenance", result: "block", reason: "no verified SLSA provenance" },
      { gate: "licenses", result: "warn", reason: "no SBOM" },
    ]);
  });

  it("the registry's scan counts when no attestation has a report; attested reports win over it", () => {
    const harbor = report({ high: 5 });
    harbor.format = "harbor";
    harbor.scanner = "Trivy v0.56.2 (Harbor)";
    const g = gates();
    const viaHarbor = evaluateGates(
      g,
      ["staging"],
      facts({ vulnerabilities: [], registryScan: harbor }),
      { tag: "1.8.0" },
    );
    expect(viaHarbor.staging?.[1]).toEqual({
      gate: "vulnerabilities",
      result: "block",
      reason: "5 high (max 3) (Trivy v0.56.2 (Harbor))",
    });
    const attested = evaluateGates(g, ["staging"], facts({ registryScan: harbor }), {
      tag: "1.8.0",
    });
    expect(attested.staging?.[1]?.result).toBe("pass");
    const failed = evaluateGates(
      g,
      ["staging"],
      facts({
        vulnerabilities: [],
        registryScanProblem: "the Harbor scan did not succeed (status Error)",
      }),
      { tag: "1" },
    );
    expect(failed.staging?.[1]?.reason).toBe(
      "no vulnerability report (the Harbor scan did not succeed (status Error))",
    );
  });

  it("when attestations could not be read, the gates fail closed with that reason", () => {
    const out = evaluateGates(
      gates(),
      ["prod"],
      { ...emptyFacts(), unavailable: "attestations could not be read: 503" },
      { tag: "1.8.0" },
    );
    expect(out.prod?.slice(0, 2)).toEqual([
      {
        gate: "provenance",
        result: "block",
        reason: "no verified SLSA provenance (attestations could not be read: 503)",
      },
      {
        gate: "vulnerabilities",
        result: "block",
        reason: "no vulnerability report (attestations could not be read: 503)",
      },
    ]);
  });

  it("unknown licenses are allowed by default and can be made to warn or block", () => {
    const base = `images:\n  - match: x\n    gates: { licenses: { allow: [MIT], unknown: UNK } }\n`;
    const f = facts({ sboms: [sbom(["MIT", null, null])] });
    expect(
      evaluateGates(gates(base.replace(", unknown: UNK", "")), ["e"], f, { tag: null }).e,
    ).toEqual([
      {
        gate: "licenses",
        result: "pass",
        reason: "1 package, all licenses allowed; 2 without license data (SPDX-2.3)",
      },
    ]);
    expect(evaluateGates(gates(base.replace("UNK", "block")), ["e"], f, { tag: null }).e).toEqual([
      {
        gate: "licenses",
        result: "block",
        reason: "2 packages without license data: pkg1 1.0, pkg2 1.0 (SPDX-2.3)",
      },
    ]);
  });
});

describe("pre-release tags", () => {
  it.each([
    ["1.2.0-rc.1", true],
    ["v2.0.0-beta3", true],
    ["1.0.0-SNAPSHOT", true],
    ["1.5.0-alpha", true],
    ["3.1.0-preview.2", true],
    ["1.8.0", false],
    ["1.27.0-alpine", false],
    ["1.27-slim-bookworm", false],
    ["main-3f2a9c1-41", false],
    ["sha-3f2a9c1", false],
    ["2024.10.01", false],
    ["rc", false],
  ])("%s → %s", (tag, pre) => {
    expect(isPrerelease(tag)).toBe(pre);
  });
});
