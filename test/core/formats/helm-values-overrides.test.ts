import { describe, expect, it } from "vitest";
import {
  baseValuesPaths,
  missingBases,
  overridesOf,
} from "../../../src/core/formats/helm-values/override-files.js";
import { planBump } from "../../../src/core/scan/plan-bump.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";
import type { SourceFile } from "../../../src/core/scan/scan-files.js";

const HEX = "e".repeat(64);
const BASE = `# chart defaults
image:
  repository: ghcr.io/acme/api
  tag: 1.0.0
  pullPolicy: IfNotPresent
`;

/** The references of a file set, in the shape the tests compare. */
function found(files: SourceFile[]) {
  return scanFiles(files).references.map((r) => ({
    file: r.file,
    line: r.line,
    image: r.image,
    repository: r.repository,
    tag: r.tag,
    digest: r.digest,
    environment: r.environment,
    path: r.path,
    base: r.base,
    editable: r.editable,
  }));
}

describe("which base an override file builds on", () => {
  it.each([
    ["charts/api/values-prod.yaml", ["charts/api/values.yaml", "charts/api/values.yml"]],
    ["charts/api/values.staging.yml", ["charts/api/values.yaml", "charts/api/values.yml"]],
    ["charts/api/values/dev.yaml", ["charts/api/values.yaml", "charts/api/values.yml"]],
    ["values-prod.yaml", ["values.yaml", "values.yml"]],
    ["values/prod.yaml", ["values.yaml", "values.yml"]],
    ["charts/api/values.yaml", []],
    ["charts/api/values.yml", []],
    ["charts/api/prod.yaml", []],
    ["charts/api/values/prod/extra.yaml", []],
    ["charts/api/myvalues-prod.yaml", []],
    ["charts/api/values-prod.json", []],
  ])("%s → %j", (path, bases) => {
    expect(baseValuesPaths(path)).toEqual(bases);
  });

  it("finds a base's overrides among existing files, values.yaml winning over values.yml", () => {
    const paths = [
      "a/values.yaml",
      "a/values.yml",
      "a/values-prod.yaml",
      "a/values/dev.yaml",
      "a/sub/values-prod.yaml",
      "b/values-prod.yaml",
    ];
    expect(overridesOf("a/values.yaml", paths)).toEqual([
      "a/values-prod.yaml",
      "a/values/dev.yaml",
    ]);
    expect(overridesOf("a/values.yml", paths)).toEqual([]);
    expect(overridesOf("a/values.yml", paths.slice(1))).toEqual([
      "a/values-prod.yaml",
      "a/values/dev.yaml",
    ]);
  });

  it("names the bases a set of changed files needs and lacks: existing, unchanged, once each", () => {
    const tree = new Set([
      "a/values.yaml",
      "a/values-prod.yaml",
      "a/values-dev.yaml",
      "b/values.yml",
      "b/values/prod.yaml",
      "c/values-prod.yaml",
      "d/values.yaml",
      "d/values-prod.yaml",
      "d/deployment.yaml",
    ]);
    expect(
      missingBases(
        [
          "a/values-prod.yaml",
          "a/values-dev.yaml",
          "b/values/prod.yaml",
          "c/values-prod.yaml",
          "d/values.yaml",
          "d/values-prod.yaml",
          "d/deployment.yaml",
        ],
        tree,
      ),
    ).toEqual(["a/values.yaml", "b/values.yml"]);
    expect(missingBases(["a/values.yaml", "d/deployment.yaml"], tree)).toEqual([]);
  });
});

describe("helm values overrides that set only the tag", () => {
  it("reports values-<env>, values.<env> and values/<env> overrides at their tag, with the base's repository", () => {
    const files = [
      { path: "charts/api/values.yaml", text: BASE },
      { path: "charts/api/values-prod.yaml", text: "replicaCount: 3\nimage:\n  tag: 1.2.3\n" },
      { path: "charts/api/values.staging.yaml", text: 'image: {tag: "1.3.0"}\n' },
      { path: "charts/api/values/dev.yaml", text: "# dev\n\nimage:\n  tag: 1.4.0-rc.1 # rc\n" },
    ];
    const base = "charts/api/values.yaml";
    const image = (tag: string) => ({ image: `ghcr.io/acme/api:${tag}`, tag });
    expect(found(files)).toEqual([
      {
        file: "charts/api/values-prod.yaml",
        line: 3,
        ...image("1.2.3"),
        repository: "ghcr.io/acme/api",
        digest: null,
        environment: "prod",
        path: "image.tag",
        base,
        editable: true,
      },
      {
        file: "charts/api/values.staging.yaml",
        line: 1,
        ...image("1.3.0"),
        repository: "ghcr.io/acme/api",
        digest: null,
        environment: "staging",
        path: "image.tag",
        base,
        editable: true,
      },
      {
        file: "charts/api/values.yaml",
        line: 4,
        ...image("1.0.0"),
        repository: "ghcr.io/acme/api",
        digest: null,
        environment: null,
        path: "image.tag",
        base: undefined,
        editable: true,
      },
      {
        file: "charts/api/values/dev.yaml",
        line: 4,
        ...image("1.4.0-rc.1"),
        repository: "ghcr.io/acme/api",
        digest: null,
        environment: "dev",
        path: "image.tag",
        base,
        editable: true,
      },
    ]);
  });

  it("merges registry, global.imageRegistry, digest and name the way Helm merges the maps", () => {
    const base = `global:
  imageRegistry: ""
image:
  registry: docker.io
  repository: bitnami/nginx
  tag: 1.25.0
  digest: sha256:${HEX}
worker:
  image:
    name: acme/worker
    tag: ""
sidecar:
  repository: quay.io/acme/sidecar
  tag: 0.1.0
`;
    const prod = `global:
  imageRegistry: mirror.example.com
image:
  tag: 1.27.0
worker:
  image:
    tag: 2.0.0
sidecar:
  tag: 0.2.0
  registry: ghcr.io
`;
    const rows = found([
      { path: "values.yaml", text: base },
      { path: "values-prod.yaml", text: prod },
    ]).filter((r) => r.file === "values-prod.yaml");
    expect(rows.map((r) => [r.line, r.image, r.repository, r.tag, r.digest, r.editable])).toEqual([
      [
        4,
        `mirror.example.com/bitnami/nginx:1.27.0@sha256:${HEX}`,
        "mirror.example.com/bitnami/nginx",
        "1.27.0",
        `sha256:${HEX}`,
        true,
      ],
      [7, "acme/worker:2.0.0", "docker.io/acme/worker", "2.0.0", null, true],
      [
        9,
        "mirror.example.com/quay.io/acme/sidecar:0.2.0",
        "mirror.example.com/quay.io/acme/sidecar",
        "0.2.0",
        null,
        true,
      ],
    ]);
  });

  it("resolves nothing Helm would not merge, and never across directories", () => {
    const files = [
      {
        path: "a/values.yaml",
        text: `image: "ghcr.io/acme/a:1.0"
containers:
  - image:
      repository: ghcr.io/acme/c
      tag: 1.0
other:
  pullPolicy: Always
api:
  image:
    repository: ghcr.io/acme/api
    tag: 1.0.0
`,
      },
      {
        path: "a/values-prod.yaml",
        text: `image:
  tag: 2.0.0
containers:
  - image:
      tag: 2.0
other:
  tag: 2.0.0
api:
  image:
    tag: ""
`,
      },
      // Its own repository: a reference of its own, reported once.
      {
        path: "a/values-own.yaml",
        text: "api:\n  image:\n    repository: ghcr.io/acme/fork\n    tag: 9.0.0\n",
      },
      // No base next to it: `a/values.yaml` is in another directory.
      { path: "a/b/values-prod.yaml", text: "api:\n  image:\n    tag: 3.0.0\n" },
      { path: "c/values-prod.yaml", text: "api:\n  image:\n    tag: 3.0.0\n" },
    ];
    const overrides = found(files).filter((r) => r.file !== "a/values.yaml");
    expect(overrides.map((r) => [r.file, r.line, r.image, r.base])).toEqual([
      ["a/values-own.yaml", 4, "ghcr.io/acme/fork:9.0.0", undefined],
    ]);
  });

  it("keeps an override's templated tag out of the references", () => {
    const result = scanFiles([
      { path: "values.yaml", text: BASE },
      { path: "values-prod.yaml", text: 'image:\n  tag: "{{ .Values.global.tag }}"\n' },
    ]);
    expect(result.references.map((r) => r.file)).toEqual(["values.yaml"]);
    expect(result.templated).toEqual([
      {
        file: "values-prod.yaml",
        line: 2,
        kind: "helm-values",
        text: "ghcr.io/acme/api:{{ .Values.global.tag }}",
      },
    ]);
  });

  it("bumps only the override's tag bytes for its environment, verified against the base", () => {
    const prod = "# prod pins\r\nimage:\r\n  tag: '1.2.3' # keep quotes\r\nreplicaCount: 3\r\n";
    const staging = "image:\n  tag: 1.9\n";
    const files = [
      { path: "charts/api/values.yaml", text: BASE },
      { path: "charts/api/values-prod.yaml", text: prod },
      { path: "charts/api/values-staging.yaml", text: staging },
    ];
    const result = planBump(files, { repository: "ghcr.io/acme/api", tag: "1.10", env: "prod" });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.files).toEqual([
      { path: "charts/api/values-prod.yaml", text: prod.replace("'1.2.3'", "'1.10'") },
    ]);
    expect(result.value.edits.map((e) => [e.file, e.line, e.from, e.to])).toEqual([
      ["charts/api/values-prod.yaml", 3, "1.2.3", "1.10"],
    ]);
    // A second, identical bump changes nothing.
    const after = files.map((f) =>
      f.path === "charts/api/values-prod.yaml"
        ? { ...f, text: prod.replace("'1.2.3'", "'1.10'") }
        : f,
    );
    const again = planBump(after, { repository: "ghcr.io/acme/api", tag: "1.10", env: "prod" });
    expect(again.ok && again.value.files).toEqual([]);

    // Without --env every reference moves: the base, and each override (quoted where 1.10 would be a float).
    const all = planBump(files, { repository: "ghcr.io/acme/api", tag: "1.10" });
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.files).toEqual([
      { path: "charts/api/values-prod.yaml", text: prod.replace("'1.2.3'", "'1.10'") },
      { path: "charts/api/values-staging.yaml", text: "image:\n  tag: 1.10\n" },
      { path: "charts/api/values.yaml", text: BASE.replace("tag: 1.0.0", 'tag: "1.10"') },
    ]);
  });

  it("refuses to downgrade an override and leaves other images' overrides alone", () => {
    const files = [
      {
        path: "values.yaml",
        text: `${BASE}web:\n  image:\n    repository: ghcr.io/acme/web\n    tag: 2.0.0\n`,
      },
      { path: "values-prod.yaml", text: "image:\n  tag: 1.5.0\nweb:\n  image:\n    tag: 2.1.0\n" },
    ];
    const result = planBump(files, { repository: "ghcr.io/acme/api", tag: "1.4.0", env: "prod" });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.files).toEqual([]);
    expect(result.value.warnings.map((w) => [w.code, w.file, w.line])).toEqual([
      ["downgrade", "values-prod.yaml", 2],
    ]);
  });
});

describe("compose interpolation with defaults", () => {
  const text = `services:
  api:
    image: \${REGISTRY:-ghcr.io}/acme/api:1.0
  worker:
    image: "\${REGISTRY-ghcr.io}/acme/worker:\${TAG:-2.0}"
  edge:
    image: \${REGISTRY}/acme/api:1.0
`;

  it("matches the default, keeps the written image, and leaves a variable without default unresolved", () => {
    expect(
      scanFiles([{ path: "compose.yaml", text }]).references.map((r) => [
        r.line,
        r.image,
        r.repository,
        r.tag,
        r.editable,
      ]),
    ).toEqual([
      [3, "${REGISTRY:-ghcr.io}/acme/api:1.0", "ghcr.io/acme/api", "1.0", true],
      [
        5,
        "${REGISTRY-ghcr.io}/acme/worker:${TAG:-2.0}",
        "ghcr.io/acme/worker",
        "${TAG:-2.0}",
        false,
      ],
      [7, "${REGISTRY}/acme/api:1.0", "${REGISTRY}/acme/api", "1.0", true],
    ]);
  });

  it("bumps the literal tag after a defaulted registry, and nothing else", () => {
    const result = planBump([{ path: "compose.yaml", text }], {
      repository: "ghcr.io/acme/api",
      tag: "1.1",
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.files).toEqual([
      {
        path: "compose.yaml",
        text: text.replace("ghcr.io}/acme/api:1.0", "ghcr.io}/acme/api:1.1"),
      },
    ]);
    const worker = planBump([{ path: "compose.yaml", text }], {
      repository: "ghcr.io/acme/worker",
      tag: "2.1",
    });
    expect(worker.ok && worker.value.warnings.map((w) => [w.code, w.line])).toEqual([
      ["not-editable", 5],
    ]);
  });
});
