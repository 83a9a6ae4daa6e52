/**
 * Attestations made by the tests, shaped after the public specifications: in-toto Statement v1
 * (and v0.1), SLSA provenance v0.2 (slsa-github-generator's container builder) and v1 (GitHub's
 * `actions/buildtypes` workflow example), cosign's vuln predicate, Trivy/Grype JSON, SARIF 2.1.0
 * as Trivy writes it, SPDX 2.3 JSON as syft writes it, CycloneDX 1.4–1.6 JSON. DSSE envelopes are
 * signed with node:crypto keys (see ../signatures/cosign-fixtures.ts).
 */
import { pae, signB64 } from "../signatures/cosign-fixtures.js";
import type { TestKey } from "../signatures/cosign-fixtures.js";

export const COMMIT = "c27d339ee6075c1f744c5d4b200f7901aad2c369";
export const GENERATOR =
  "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0";
export const ACME_BUILDER =
  "https://github.com/acme/.github/.github/workflows/build-image.yml@refs/heads/main";

export function statement(
  digest: string,
  predicateType: string,
  predicate: unknown,
  name = "ghcr.io/acme/api",
  type = "https://in-toto.io/Statement/v1",
): Record<string, unknown> {
  return {
    _type: type,
    subject: [{ name, digest: { sha256: digest.replace(/^sha256:/, "") } }],
    predicateType,
    predicate,
  };
}

/** slsa-github-generator container provenance, SLSA v0.2. */
export function slsaV02(
  opts: { builder?: string; repository?: string; commit?: string } = {},
): unknown {
  const repo = opts.repository ?? "github.com/acme/api";
  const commit = opts.commit ?? COMMIT;
  return {
    builder: { id: opts.builder ?? GENERATOR },
    buildType: "https://github.com/slsa-framework/slsa-github-generator/container@v1",
    invocation: {
      configSource: {
        uri: `git+https://${repo}@refs/heads/main`,
        digest: { sha1: commit },
        entryPoint: ".github/workflows/release.yml",
      },
      parameters: {},
      environment: {
        github_actor: "octocat",
        github_event_name: "push",
        github_ref: "refs/heads/main",
        github_repository_owner: repo.split("/")[1],
        github_run_attempt: "1",
        github_run_id: "1536140711",
        github_sha1: commit,
      },
    },
    metadata: {
      buildInvocationID: "1536140711-1",
      completeness: { parameters: true, environment: false, materials: false },
      reproducible: false,
    },
    materials: [{ uri: `git+https://${repo}@refs/heads/main`, digest: { sha1: commit } }],
  };
}

/** GitHub Actions workflow build type, SLSA v1 (actions/buildtypes workflow/v1 example). */
export function slsaV1(
  opts: { builder?: string; repository?: string; commit?: string; ref?: string } = {},
): unknown {
  const repo = opts.repository ?? "github.com/acme/api";
  const ref = opts.ref ?? "refs/heads/main";
  return {
    buildDefinition: {
      buildType: "https://actions.github.io/buildtypes/workflow/v1",
      externalParameters: {
        workflow: { ref, repository: `https://${repo}`, path: ".github/workflows/release.yml" },
      },
      internalParameters: {
        github: {
          event_name: "push",
          repository_id: "1296269",
          repository_owner_id: "583231",
          runner_environment: "github-hosted",
        },
      },
      resolvedDependencies: [
        { uri: `git+https://${repo}@${ref}`, digest: { gitCommit: opts.commit ?? COMMIT } },
      ],
    },
    runDetails: {
      builder: { id: opts.builder ?? ACME_BUILDER },
      metadata: { invocationId: `https://${repo}/actions/runs/1536140711/attempts/1` },
    },
  };
}

export interface Vuln {
  id: string;
  pkg: string;
  version: string;
  severity: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "UNKNOWN";
}

export const vulns = (counts: Partial<Record<Vuln["severity"], number>>): Vuln[] =>
  Object.entries(counts).flatMap(([severity, n]) =>
    Array.from({ length: n ?? 0 }, (_, i) => ({
      id: `CVE-2024-${severity.length}${String(i).padStart(4, "0")}`,
      pkg: `lib${severity.toLowerCase()}${i}`,
      version: `1.${i}.0-r0`,
      severity: severity as Vuln["severity"],
    })),
  );

/** `trivy image --format json` (schema version 2). */
export function trivyReport(list: Vuln[]): Record<string, unknown> {
  return {
    SchemaVersion: 2,
    CreatedAt: "2026-03-01T10:00:00.000000000Z",
    ArtifactName: "ghcr.io/acme/api:1.8.0",
    ArtifactType: "container_image",
    Metadata: { OS: { Family: "alpine", Name: "3.20.3" }, ImageID: "sha256:0affb1" },
    Results: [
      {
        Target: "ghcr.io/acme/api:1.8.0 (alpine 3.20.3)",
        Class: "os-pkgs",
        Type: "alpine",
        Vulnerabilities: list.map((v) => ({
          VulnerabilityID: v.id,
          PkgID: `${v.pkg}@${v.version}`,
          PkgName: v.pkg,
          InstalledVersion: v.version,
          FixedVersion: "9.9.9-r0",
          Status: "fixed",
          SeveritySource: "nvd",
          PrimaryURL: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
          Title: `${v.pkg}: something bad`,
          Severity: v.severity,
        })),
      },
      { Target: "app/package-lock.json", Class: "lang-pkgs", Type: "npm" },
    ],
  };
}

/** `grype -o json`. */
export function grypeReport(list: Vuln[]): Record<string, unknown> {
  return {
    matches: list.map((v) => ({
      vulnerability: {
        id: v.id,
        dataSource: `https://nvd.nist.gov/vuln/detail/${v.id}`,
        namespace: "alpine:distro:alpine:3.20",
        severity:
          v.severity === "UNKNOWN"
            ? "Negligible"
            : v.severity[0] + v.severity.slice(1).toLowerCase(),
        fix: { versions: ["9.9.9-r0"], state: "fixed" },
      },
      matchDetails: [{ type: "exact-indirect-match", matcher: "apk-matcher" }],
      artifact: {
        id: "a1",
        name: v.pkg,
        version: v.version,
        type: "apk",
        purl: `pkg:apk/alpine/${v.pkg}@${v.version}`,
      },
    })),
    source: { type: "image", target: { userInput: "ghcr.io/acme/api:1.8.0" } },
    distro: { name: "alpine", version: "3.20.3" },
    descriptor: { name: "grype", version: "0.86.1" },
  };
}

const SCORE: Record<Vuln["severity"], string> = {
  CRITICAL: "9.8",
  HIGH: "7.5",
  MEDIUM: "5.3",
  LOW: "2.1",
  UNKNOWN: "0.0",
};

/** `trivy image --format sarif`: one rule per vulnerability, `security-severity` on the rule. */
export function sarifReport(
  list: Vuln[],
  driver = { name: "Trivy", version: "0.56.2" },
): Record<string, unknown> {
  const ids = [...new Set(list.map((v) => v.id))];
  return {
    version: "2.1.0",
    $schema:
      "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            fullName: `${driver.name} Vulnerability Scanner`,
            informationUri: "https://github.com/aquasecurity/trivy",
            name: driver.name,
            version: driver.version,
            rules: ids.map((id) => {
              const v = list.find((x) => x.id === id) as Vuln;
              return {
                id,
                name: "OsPackageVulnerability",
                shortDescription: { text: `${v.pkg}: something bad` },
                properties: {
                  precision: "very-high",
                  "security-severity": SCORE[v.severity],
                  tags: ["vulnerability", "security", v.severity],
                },
              };
            }),
          },
        },
        results: list.map((v) => ({
          ruleId: v.id,
          ruleIndex: ids.indexOf(v.id),
          level: v.severity === "CRITICAL" || v.severity === "HIGH" ? "error" : "warning",
          message: {
            text: `Package: ${v.pkg}\nInstalled Version: ${v.version}\nVulnerability ${v.id}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: "ghcr.io/acme/api", uriBaseId: "ROOTPATH" },
              },
            },
          ],
        })),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

/** cosign's vuln predicate as `trivy --format cosign-vuln` writes it. */
export function cosignVuln(
  result: unknown,
  scanner = { uri: "pkg:github/aquasecurity/trivy@v0.56.2", version: "v0.56.2" },
): unknown {
  return {
    invocation: { parameters: null, uri: "", event_id: "", "builder.id": "" },
    scanner: { ...scanner, db: { uri: "", version: "" }, result },
    metadata: { scanStartedOn: "2026-03-01T10:00:00Z", scanFinishedOn: "2026-03-01T10:00:12Z" },
  };
}

export interface Pkg {
  name: string;
  version: string;
  license?: string | null;
  declared?: string;
}

/** SPDX 2.3 JSON as `syft -o spdx-json` writes it for an image. */
export function spdxDocument(packages: Pkg[]): Record<string, unknown> {
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: "ghcr.io/acme/api",
    documentNamespace: "https://anchore.com/syft/image/ghcr.io/acme/api-1.8.0",
    creationInfo: {
      licenseListVersion: "3.25",
      creators: ["Organization: Anchore, Inc", "Tool: syft-1.18.1"],
      created: "2026-03-01T10:00:00Z",
    },
    packages: [
      {
        name: "ghcr.io/acme/api",
        SPDXID: "SPDXRef-DocumentRoot-Image-ghcr.io-acme-api",
        versionInfo: "sha256:0affb1",
        supplier: "NOASSERTION",
        downloadLocation: "NOASSERTION",
        licenseConcluded: "NOASSERTION",
        licenseDeclared: "NOASSERTION",
        copyrightText: "NOASSERTION",
        primaryPackagePurpose: "CONTAINER",
      },
      ...packages.map((p, i) => ({
        name: p.name,
        SPDXID: `SPDXRef-Package-apk-${p.name}-${i}`,
        versionInfo: p.version,
        supplier: "NOASSERTION",
        downloadLocation: "NOASSERTION",
        licenseConcluded: p.license === undefined ? "NOASSERTION" : (p.license ?? "NOASSERTION"),
        licenseDeclared: p.declared ?? "NOASSERTION",
        copyrightText: "NOASSERTION",
        externalRefs: [
          {
            referenceCategory: "PACKAGE-MANAGER",
            referenceType: "purl",
            referenceLocator: `pkg:apk/alpine/${p.name}@${p.version}`,
          },
        ],
      })),
    ],
    relationships: [
      {
        spdxElementId: "SPDXRef-DOCUMENT",
        relatedSpdxElement: "SPDXRef-DocumentRoot-Image-ghcr.io-acme-api",
        relationshipType: "DESCRIBES",
      },
    ],
  };
}

/** CycloneDX JSON (1.4–1.6): `licenses` as `{license: {id|name}}` entries or one `{expression}`. */
export function cyclonedxBom(
  components: Array<{
    name: string;
    version: string;
    ids?: string[];
    names?: string[];
    expression?: string;
    type?: string;
    components?: unknown[];
  }>,
  specVersion = "1.5",
): Record<string, unknown> {
  return {
    $schema: `http://cyclonedx.org/schema/bom-${specVersion}.schema.json`,
    bomFormat: "CycloneDX",
    specVersion,
    serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    version: 1,
    metadata: {
      timestamp: "2026-03-01T10:00:00Z",
      component: { type: "container", name: "ghcr.io/acme/api", version: "1.8.0" },
    },
    components: components.map((c) => ({
      type: c.type ?? "library",
      name: c.name,
      version: c.version,
      purl: `pkg:npm/${c.name}@${c.version}`,
      ...(c.expression
        ? { licenses: [{ expression: c.expression }] }
        : c.ids || c.names
          ? {
              licenses: [
                ...(c.ids ?? []).map((id) => ({ license: { id } })),
                ...(c.names ?? []).map((name) => ({ license: { name } })),
              ],
            }
          : {}),
      ...(c.components ? { components: c.components } : {}),
    })),
  };
}

const IN_TOTO = "application/vnd.in-toto+json";

/** A DSSE envelope over `statement`, as `cosign attest --key` stores it (one signature). */
export function envelope(key: TestKey, stmt: unknown): Record<string, unknown> {
  const payload = new TextEncoder().encode(JSON.stringify(stmt));
  return {
    payloadType: IN_TOTO,
    payload: Buffer.from(payload).toString("base64"),
    signatures: [{ keyid: "", sig: signB64(key, pae(IN_TOTO, payload)) }],
  };
}

/** The envelope with its payload replaced after signing (what a tampering registry would serve). */
export function tampered(
  key: TestKey,
  stmt: unknown,
  replacement: unknown,
): Record<string, unknown> {
  const signed = envelope(key, stmt);
  return { ...signed, payload: Buffer.from(JSON.stringify(replacement)).toString("base64") };
}

/** A cosign 3 Sigstore bundle (v0.3) holding the DSSE envelope, key-based. */
export function bundle(key: TestKey, stmt: unknown): Record<string, unknown> {
  return {
    mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
    verificationMaterial: { publicKey: { hint: "" }, tlogEntries: [] },
    dsseEnvelope: envelope(key, stmt),
  };
}

export const bytes = (value: unknown): Uint8Array =>
  new TextEncoder().encode(JSON.stringify(value));
