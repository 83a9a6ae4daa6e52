import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryScanStore } from "../../src/adapters/scan-store/memory.js";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { createGateEvaluator, gateEvidence } from "../../src/app/gate-evidence.js";
import { gatherEvidence } from "../../src/app/image-evidence.js";
import type { GateEvaluator } from "../../src/app/image-evidence.js";
import { recordScan } from "../../src/app/record-scan.js";
import { parseConfig } from "../../src/core/config/load.js";
import type { Config } from "../../src/core/config/schema.js";
import { normalizeHarbor } from "../../src/core/events/harbor.js";
import { DSSE_ENVELOPE_MEDIA_TYPE, SLSA_V02, SLSA_V1 } from "../../src/core/gates/index.js";
import type { GateResult } from "../../src/core/gates/index.js";
import { imageRuleFor } from "../../src/core/plan/image-rule.js";
import { SIGSTORE_BUNDLE_ARTIFACT_TYPE } from "../../src/core/signatures/index.js";
import { systemClock } from "../../src/ports/clock.js";
import type { Registry } from "../../src/ports/registry.js";
import { corpusJson } from "../core/events/corpus.js";
import {
  ACME_BUILDER,
  COMMIT,
  bundle,
  bytes,
  cosignVuln,
  cyclonedxBom,
  envelope,
  grypeReport,
  sarifReport,
  slsaV02,
  slsaV1,
  spdxDocument,
  statement,
  tampered,
  trivyReport,
  vulns,
} from "../core/gates/fixtures.js";
import { ecdsaKey } from "../core/signatures/cosign-fixtures.js";
import { mustHave } from "../harness/services.js";
import { blob, buildImage } from "./harness/oci-layout.js";
import type { Blob } from "./harness/oci-layout.js";
import { Pusher } from "./harness/push.js";
import { registryCheck, startRegistry } from "./harness/registry.js";
import type { TestRegistry } from "./harness/registry.js";
import { classicImage, referrer, referrersIndex } from "./harness/signatures.js";
import type { Artifact } from "./harness/signatures.js";

const run = mustHave(registryCheck());
const ci = ecdsaKey();
const stranger = ecdsaKey();
const VULN = "https://cosign.sigstore.dev/attestation/vuln/v1";
const SPDX = "https://spdx.dev/Document";
const CDX = "https://cyclonedx.org/bom";
const BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
const ENVS = ["dev", "staging", "prod"];

const TAGS = [
  "1.0.0",
  "1.1.0",
  "1.2.0",
  "1.3.0",
  "1.4.0",
  "1.5.0",
  "1.6.0",
  "1.7.0",
  "1.8.0",
  "1.9.0-rc.1",
  "2.0.0",
  "2.1.0",
];
const images = Object.fromEntries(
  TAGS.map((t) => [t, buildImage({ content: `acme-api-${t}` })]),
) as Record<string, { manifest: Blob; blobs: Blob[] }>;
const digestOf = (t: string) => images[t]?.manifest.digest ?? "";

/** cosign's classic attestation image: one DSSE layer per attestation, pushed at `sha256-<hex>.att`. */
function attImage(layers: Array<{ predicateType: string; envelope: unknown }>): Artifact {
  return classicImage(
    layers.map((l) => ({
      blob: blob(DSSE_ENVELOPE_MEDIA_TYPE, bytes(l.envelope)),
      annotations: { "dev.cosignproject.cosign/signature": "", predicateType: l.predicateType },
    })),
  );
}

const att = (tag: string, predicateType: string, predicate: unknown, key = ci) => ({
  predicateType,
  envelope: envelope(key, statement(digestOf(tag), predicateType, predicate)),
});
const cleanVulns = (tag: string) =>
  att(tag, VULN, cosignVuln(trivyReport(vulns({ HIGH: 1, MEDIUM: 3 }))));
const okSbom = (tag: string) =>
  att(
    tag,
    SPDX,
    spdxDocument([
      { name: "musl", version: "1.2.5-r0", license: "MIT" },
      { name: "zlib", version: "1.3.1-r1", license: "Zlib" },
      { name: "ca-certificates", version: "20240705-r0", license: "MPL-2.0 AND MIT" },
    ]),
  );

const configText = (host: string, missing = "block") => `
environments:
  dev: ["clusters/dev/**"]
  staging: ["clusters/staging/**"]
  prod: ["clusters/prod/**"]
images:
  - match: "${host}/acme/*"
    policy: { semver: "^1" }
    verify: { cosign: { key: .github/cosign.pub } }
    gates:
      provenance:
        builder:
          - "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.*"
          - "${ACME_BUILDER}"
        source: ["github.com/acme/*"]
      vulnerabilities: { critical: 0, high: 3, missing: ${missing} }
      licenses: { deny: ["GPL-3.0-*", "AGPL-*"] }
      environments:
        dev: { mode: warn }
        prod:
          vulnerabilities: { high: 1 }
          licenses: { missing: block }
          prerelease: block
`;

describe.runIf(run)("supply-chain gates on attestations pushed to a real registry", () => {
  let reg: TestRegistry;
  let registry: Registry;
  let repo: string;
  let config: Config;
  const scans = new MemoryScanStore();

  const judge = async (tag: string, cfg = config, withScans = false) => {
    const rule = imageRuleFor(cfg, repo);
    if (!rule) throw new Error("no rule");
    return gateEvidence(registry, {
      repository: repo,
      digest: digestOf(tag),
      tag,
      rule,
      environments: ENVS,
      readKey: async (path) => (path === ".github/cosign.pub" ? ci.publicPem : null),
      ...(withScans && { scans }),
    });
  };
  const gate = (gates: Record<string, GateResult[]>, env: string, name: string) =>
    gates[env]?.find((g) => g.gate === name);
  const results = (gates: Record<string, GateResult[]>) =>
    Object.fromEntries(
      Object.entries(gates).map(([env, rs]) => [
        env,
        Object.fromEntries(rs.map((r) => [r.gate, r.result])),
      ]),
    );

  beforeAll(async () => {
    reg = await startRegistry({ auth: "htpasswd" });
    repo = `${reg.host}/acme/api`;
    const parsed = parseConfig(configText(reg.host));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    config = parsed.value;
    const push = new Pusher(reg);
    for (const [tag, img] of Object.entries(images)) await push.artifact("acme/api", tag, img);
    const attach = (tag: string, layers: Array<{ predicateType: string; envelope: unknown }>) =>
      push.artifact("acme/api", `${digestOf(tag).replace(":", "-")}.att`, attImage(layers));

    // 1.0.0: everything valid, classic .att layout (SLSA v0.2 from the generator).
    await attach("1.0.0", [
      att("1.0.0", SLSA_V02, slsaV02()),
      cleanVulns("1.0.0"),
      okSbom("1.0.0"),
    ]);
    // 1.1.0: everything valid as OCI 1.1 referrers, found through the referrers tag schema:
    // SLSA v1 and CycloneDX in cosign 3 bundles, a SARIF report in a bare DSSE envelope.
    const subject = images["1.1.0"]!.manifest;
    const d11 = digestOf("1.1.0");
    const refs = [
      {
        artifact: referrer(subject, SIGSTORE_BUNDLE_ARTIFACT_TYPE, {
          mediaType: BUNDLE,
          bytes: bytes(bundle(ci, statement(d11, SLSA_V1, slsaV1()))),
        }),
        artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE,
      },
      {
        artifact: referrer(subject, DSSE_ENVELOPE_MEDIA_TYPE, {
          mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
          bytes: bytes(
            envelope(
              ci,
              statement(
                d11,
                "https://json.schemastore.org/sarif-2.1.0.json",
                sarifReport(vulns({ MEDIUM: 2 })),
              ),
            ),
          ),
        }),
        artifactType: DSSE_ENVELOPE_MEDIA_TYPE,
      },
      {
        artifact: referrer(subject, SIGSTORE_BUNDLE_ARTIFACT_TYPE, {
          mediaType: BUNDLE,
          bytes: bytes(
            bundle(
              ci,
              statement(
                d11,
                CDX,
                cyclonedxBom(
                  [
                    { name: "express", version: "4.21.1", ids: ["MIT"] },
                    { name: "dual", version: "1.0.0", expression: "MIT OR GPL-3.0-only" },
                  ],
                  "1.6",
                ),
              ),
            ),
          ),
        }),
        artifactType: SIGSTORE_BUNDLE_ARTIFACT_TYPE,
      },
    ];
    for (const r of refs) await push.artifact("acme/api", r.artifact.manifest.digest, r.artifact);
    await push.manifest("acme/api", d11.replace(":", "-"), referrersIndex(refs));
    // 1.2.0: built by someone else's workflow.  1.3.0: built from a fork.  1.4.0: provenance altered after signing.
    await attach("1.2.0", [
      att(
        "1.2.0",
        SLSA_V1,
        slsaV1({
          builder: "https://github.com/evil/ci/.github/workflows/build.yml@refs/heads/main",
        }),
      ),
      cleanVulns("1.2.0"),
      okSbom("1.2.0"),
    ]);
    await attach("1.3.0", [
      att("1.3.0", SLSA_V02, slsaV02({ repository: "github.com/evil/api" })),
      cleanVulns("1.3.0"),
      okSbom("1.3.0"),
    ]);
    await attach("1.4.0", [
      {
        predicateType: SLSA_V1,
        envelope: tampered(
          ci,
          statement(digestOf("1.4.0"), SLSA_V1, slsaV1({ repository: "github.com/evil/api" })),
          statement(digestOf("1.4.0"), SLSA_V1, slsaV1()),
        ),
      },
      cleanVulns("1.4.0"),
      okSbom("1.4.0"),
    ]);
    // 1.5.0: 2 critical, 5 high (Grype in cosign's vuln predicate).  1.6.0: no SBOM.  1.7.0: a GPL-3.0 package.  1.8.0: no report.
    await attach("1.5.0", [
      att("1.5.0", SLSA_V1, slsaV1()),
      att(
        "1.5.0",
        VULN,
        cosignVuln(grypeReport(vulns({ CRITICAL: 2, HIGH: 5 })), {
          uri: "pkg:github/anchore/grype@v0.86.1",
          version: "v0.86.1",
        }),
      ),
      okSbom("1.5.0"),
    ]);
    await attach("1.6.0", [att("1.6.0", SLSA_V1, slsaV1()), cleanVulns("1.6.0")]);
    await attach("1.7.0", [
      att("1.7.0", SLSA_V1, slsaV1()),
      cleanVulns("1.7.0"),
      att(
        "1.7.0",
        SPDX,
        spdxDocument([
          { name: "musl", version: "1.2.5-r0", license: "MIT" },
          { name: "readline", version: "8.2.13-r0", license: "GPL-3.0-or-later" },
        ]),
      ),
    ]);
    await attach("1.8.0", [att("1.8.0", SLSA_V1, slsaV1()), okSbom("1.8.0")]);
    // 1.9.0-rc.1: a pre-release with one critical vulnerability.
    await attach("1.9.0-rc.1", [
      att("1.9.0-rc.1", SLSA_V1, slsaV1({ ref: "refs/tags/v1.9.0-rc.1" })),
      att("1.9.0-rc.1", VULN, cosignVuln(trivyReport(vulns({ CRITICAL: 1 })))),
      okSbom("1.9.0-rc.1"),
    ]);
    // 2.0.0: no vulnerability attestation; Harbor scanned it.  2.1.0: every attestation signed by another key.
    await attach("2.0.0", [att("2.0.0", SLSA_V1, slsaV1()), okSbom("2.0.0")]);
    await attach("2.1.0", [
      att("2.1.0", SLSA_V1, slsaV1(), stranger),
      att("2.1.0", VULN, cosignVuln(trivyReport([])), stranger),
      att("2.1.0", SPDX, spdxDocument([]), stranger),
    ]);

    registry = createRegistryClient({
      credentials: createCredentialStore(
        {
          [`BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_USERNAME`]: reg.user.username,
          [`BUMPWARDEN_REGISTRY_127_0_0_1_${reg.host.split(":")[1]}_PASSWORD`]: reg.user.password,
        },
        [],
      ),
      clock: systemClock,
      insecureHosts: [reg.host],
    });
  }, 90_000);
  afterAll(async () => reg?.stop());

  it("valid, classic .att layout: every gate passes in every environment; the source revision is known", async () => {
    const e = await judge("1.0.0");
    expect(results(e.gates)).toEqual({
      dev: { provenance: "pass", vulnerabilities: "pass", licenses: "pass" },
      staging: { provenance: "pass", vulnerabilities: "pass", licenses: "pass" },
      prod: { provenance: "pass", vulnerabilities: "pass", licenses: "pass", prerelease: "pass" },
    });
    expect(gate(e.gates, "prod", "provenance")?.reason).toBe(
      `built by https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0 from github.com/acme/api@${COMMIT.slice(0, 12)} (SLSA v0.2)`,
    );
    expect(gate(e.gates, "prod", "vulnerabilities")?.reason).toBe(
      "0 critical, 1 high, 3 medium (trivy v0.56.2)",
    );
    expect(gate(e.gates, "prod", "licenses")?.reason).toBe(
      "3 packages, all licenses allowed (SPDX-2.3)",
    );
    expect(e.source).toEqual({ url: "https://github.com/acme/api", revision: COMMIT });
    expect(e.attestations.looked).toEqual([
      `tag ${digestOf("1.0.0").replace(":", "-")}.att`,
      `referrers tag ${digestOf("1.0.0").replace(":", "-")}`,
    ]);
  });

  it("valid, OCI 1.1 referrers through the fallback tag (bundles and a bare DSSE envelope)", async () => {
    const e = await judge("1.1.0");
    expect(
      Object.values(results(e.gates)).every((g) => Object.values(g).every((r) => r === "pass")),
    ).toBe(true);
    expect(gate(e.gates, "prod", "provenance")?.reason).toMatch(/ \(SLSA v1\)$/);
    expect(gate(e.gates, "prod", "vulnerabilities")?.reason).toBe(
      "0 critical, 0 high, 2 medium (Trivy 0.56.2)",
    );
    expect(gate(e.gates, "prod", "licenses")?.reason).toBe(
      "2 packages, all licenses allowed (CycloneDX 1.6)",
    );
    expect(e.provenance?.source?.ref).toBe("refs/heads/main");
  });

  it("wrong builder", async () => {
    const e = await judge("1.2.0");
    expect(gate(e.gates, "prod", "provenance")).toEqual({
      gate: "provenance",
      result: "block",
      reason: expect.stringMatching(
        /^built by https:\/\/github\.com\/evil\/ci\/\.github\/workflows\/build\.yml@refs\/heads\/main, not an allowed builder/,
      ),
    });
    expect(gate(e.gates, "dev", "provenance")?.result).toBe("warn");
  });

  it("wrong source repository", async () => {
    const e = await judge("1.3.0");
    expect(gate(e.gates, "staging", "provenance")).toEqual({
      gate: "provenance",
      result: "block",
      reason: "built from github.com/evil/api, not an allowed source (github.com/acme/*)",
    });
  });

  it("tampered envelope: nothing in it is trusted, and the reason says so", async () => {
    const e = await judge("1.4.0");
    expect(gate(e.gates, "prod", "provenance")).toEqual({
      gate: "provenance",
      result: "block",
      reason:
        "no verified SLSA provenance (.att tag: an attestation's signature does not verify with any configured key (altered, or signed by another key))",
    });
    expect(gate(e.gates, "prod", "vulnerabilities")?.result).toBe("pass");
  });

  it("over threshold", async () => {
    const e = await judge("1.5.0");
    expect(gate(e.gates, "staging", "vulnerabilities")).toEqual({
      gate: "vulnerabilities",
      result: "block",
      reason: "2 critical (max 0), 5 high (max 3) (grype v0.86.1)",
    });
    expect(gate(e.gates, "dev", "vulnerabilities")?.result).toBe("warn");
  });

  it("missing SBOM: a warning by default, blocking in prod as configured", async () => {
    const e = await judge("1.6.0");
    expect(gate(e.gates, "staging", "licenses")).toEqual({
      gate: "licenses",
      result: "warn",
      reason: "no SBOM",
    });
    expect(gate(e.gates, "prod", "licenses")).toEqual({
      gate: "licenses",
      result: "block",
      reason: "no SBOM",
    });
  });

  it("denied license", async () => {
    const e = await judge("1.7.0");
    expect(gate(e.gates, "prod", "licenses")).toEqual({
      gate: "licenses",
      result: "block",
      reason: "denied: GPL-3.0-or-later (readline 8.2.13-r0) (SPDX-2.3)",
    });
  });

  it.each([
    ["block", "block"],
    ["warn", "warn"],
    ["allow", "pass"],
  ])("missing vulnerability report with missing: %s", async (missing, result) => {
    const parsed = parseConfig(configText(reg.host, missing));
    if (!parsed.ok) throw new Error("config");
    const e = await judge("1.8.0", parsed.value);
    expect(gate(e.gates, "staging", "vulnerabilities")?.result).toBe(result);
    expect(gate(e.gates, "staging", "vulnerabilities")?.reason).toMatch(/^no vulnerability report/);
    expect(gate(e.gates, "staging", "provenance")?.result).toBe("pass");
  });

  it("the same image is allowed in dev and staging but blocked in prod", async () => {
    const e = await judge("1.9.0-rc.1");
    expect(results(e.gates)).toEqual({
      dev: { provenance: "pass", vulnerabilities: "warn", licenses: "pass" },
      staging: { provenance: "pass", vulnerabilities: "block", licenses: "pass" },
      prod: { provenance: "pass", vulnerabilities: "block", licenses: "pass", prerelease: "block" },
    });
  });

  it("Harbor's SCANNING_COMPLETED result is used when the image has no vulnerability attestation", async () => {
    const before = await judge("2.0.0", config, true);
    expect(gate(before.gates, "prod", "vulnerabilities")).toEqual({
      gate: "vulnerabilities",
      result: "block",
      reason: "no vulnerability report",
    });
    const normalized = normalizeHarbor({
      body: corpusJson("harbor-scanning-completed"),
      headers: {},
      receivedAt: "2026-03-01T10:00:00.000Z",
    });
    if (normalized.kind !== "accepted" || !normalized.scans[0]) throw new Error("corpus");
    await recordScan(scans, {
      ...normalized.scans[0],
      repository: repo,
      digest: digestOf("2.0.0"),
    });
    const after = await judge("2.0.0", config, true);
    expect(gate(after.gates, "prod", "vulnerabilities")).toEqual({
      gate: "vulnerabilities",
      result: "pass",
      reason: "0 critical, 0 high, 2 medium, 1 low (Trivy v0.56.2 (Harbor))",
    });
  });

  it("attestations signed by another key are all refused", async () => {
    const e = await judge("2.1.0");
    expect(results(e.gates).prod).toEqual({
      provenance: "block",
      vulnerabilities: "block",
      licenses: "block",
      prerelease: "pass",
    });
    expect(e.attestations.rejected).toEqual([
      ".att tag: an attestation's signature does not verify with any configured key (altered, or signed by another key)",
    ]);
  });

  it("the evaluator the bump slice plugs in reads the keys from the GitOps repository", async () => {
    // Typed as the bump slice's hook, so a drift between the two fails the type check.
    const evaluate: GateEvaluator = createGateEvaluator({ registry });
    const readFile = async (path: string) => (path === ".github/cosign.pub" ? ci.publicPem : null);
    const judged = await evaluate({
      repository: repo,
      tag: "1.5.0",
      digest: digestOf("1.5.0"),
      config,
      readFile,
    });
    expect(Object.keys(judged?.gates ?? {})).toEqual(ENVS);
    expect(judged?.gates.prod?.find((g) => g.gate === "vulnerabilities")?.result).toBe("block");
    // The images have no source labels: the PR body's source and commit come from the signed provenance.
    expect(judged?.source).toEqual({ url: "https://github.com/acme/api", revision: COMMIT });
    const evidence = await gatherEvidence(
      registry,
      {
        repository: repo,
        tag: "1.5.0",
        digest: null,
        config,
        currentTags: [],
        environments: ["prod"],
        readFile,
      },
      { gates: evaluate },
    );
    expect(evidence).toMatchObject({
      digest: digestOf("1.5.0"),
      signature: { verified: false },
      source: { url: "https://github.com/acme/api", revision: COMMIT },
      gates: { prod: expect.any(Array) },
    });
    const missingKey = await evaluate({
      repository: repo,
      tag: "1.0.0",
      digest: digestOf("1.0.0"),
      config,
      readFile: async () => null,
    });
    expect(missingKey?.source).toBeUndefined();
    expect(missingKey?.gates.prod?.[0]).toEqual({
      gate: "provenance",
      result: "block",
      reason:
        "no verified SLSA provenance (attestation key .github/cosign.pub is not in the repository)",
    });
  });
});
