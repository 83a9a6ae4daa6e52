import { describe, expect, it } from "vitest";
import { planBump } from "../../../src/core/scan/plan-bump.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";
import { bumped, plan, refs } from "./helpers.js";

const HEX = "d".repeat(64);

describe("helm values", () => {
  it("reads image strings and split maps at any depth, with the rules' lines", () => {
    const text = `image:
  registry: docker.io
  repository: bitnami/nginx
  tag: 1.25.3-debian-12-r0
sidecar:
  image: "busybox:1.36"
deep:
  list:
    - name: x
      repository: ghcr.io/acme/x
      digest: sha256:${HEX}
metrics:
  exporterImage:
    repository: quay.io/prometheus/node-exporter
prometheus:
  image:
    repository: quay.io/prometheus/prometheus
    sha: ${HEX}
notAnImage:
  repository: https://charts.example.com
`;
    expect(refs("values.yaml", text)).toEqual([
      {
        line: 4,
        kind: "helm-values",
        image: "docker.io/bitnami/nginx:1.25.3-debian-12-r0",
        repository: "docker.io/bitnami/nginx",
        tag: "1.25.3-debian-12-r0",
        digest: null,
        editable: true,
      },
      {
        line: 6,
        kind: "helm-values",
        image: "busybox:1.36",
        repository: "docker.io/library/busybox",
        tag: "1.36",
        digest: null,
        editable: true,
      },
      {
        line: 11,
        kind: "helm-values",
        image: `ghcr.io/acme/x@sha256:${HEX}`,
        repository: "ghcr.io/acme/x",
        tag: null,
        digest: `sha256:${HEX}`,
        editable: false,
      },
      {
        line: 14,
        kind: "helm-values",
        image: "quay.io/prometheus/node-exporter",
        repository: "quay.io/prometheus/node-exporter",
        tag: null,
        digest: null,
        editable: false,
      },
      {
        line: 18,
        kind: "helm-values",
        image: `quay.io/prometheus/prometheus@sha256:${HEX}`,
        repository: "quay.io/prometheus/prometheus",
        tag: null,
        digest: `sha256:${HEX}`,
        editable: false,
      },
    ]);
  });

  it("keeps a tag as written (1.10 is not 1.1) and leaves an absent tag to the chart's appVersion", () => {
    const found = refs(
      "values-prod.yaml",
      "image:\n  repository: ghcr.io/acme/api\n  tag: 1.10\nother:\n  image:\n    repository: ghcr.io/acme/other\n",
    );
    expect(found.map((r) => [r.tag, r.editable])).toEqual([
      ["1.10", true],
      [null, false],
    ]);
    expect(
      plan("values.yaml", "image:\n  repository: ghcr.io/acme/other\n", {
        repository: "ghcr.io/acme/other",
      }).warnings,
    ).toMatchObject([{ code: "not-editable", message: expect.stringContaining("appVersion") }]);
  });

  it("applies global.imageRegistry to image maps that have a registry, and image.name maps", () => {
    const text =
      "global:\n  imageRegistry: registry.internal\nimage:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: 7.4.1\ninitImage:\n  name: ghcr.io/acme/init\n  tag: v3\n";
    expect(refs("values.yaml", text).map((r) => r.image)).toEqual([
      "registry.internal/bitnami/redis:7.4.1",
      "ghcr.io/acme/init:v3",
    ]);
  });

  it("applies merge keys (explicit keys win) and reports values through aliases at the anchor", () => {
    const text =
      "base: &base\n  repository: ghcr.io/acme/api\n  tag: 1.0.0\napi:\n  image:\n    <<: *base\n    tag: 1.1.0\nworker:\n  image: *base\n";
    expect(refs("values.yaml", text).map((r) => [r.line, r.tag])).toEqual([
      [3, "1.0.0"],
      [7, "1.1.0"],
    ]);
  });

  it("reads Flux HelmRelease spec.values", () => {
    const text =
      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  values:\n    redis:\n      repository: public.ecr.aws/docker/library/redis\n      tag: 8.6.2\n";
    expect(refs("release.yaml", text)).toMatchObject([
      { line: 7, image: "public.ecr.aws/docker/library/redis:8.6.2" },
    ]);
    expect(refs("other.yaml", text.replace("HelmRelease", "Other"))).toEqual([]);
  });

  it("reads Argo CD valuesObject, values strings and parameters, and edits inside the values string", () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Application
spec:
  sources:
    - helm:
        valuesObject:
          image: {repository: ghcr.io/acme/a, tag: "1.0"}
    - helm:
        values: |
          image:
            repository: ghcr.io/acme/b
            tag: v2.0.0 # from CI
        parameters:
          - name: worker.image.repository
            value: ghcr.io/acme/c
          - name: worker.image.tag
            value: "3.0"
`;
    expect(refs("app.yaml", text).map((r) => [r.line, r.image])).toEqual([
      [7, "ghcr.io/acme/a:1.0"],
      [12, "ghcr.io/acme/b:v2.0.0"],
      [17, "ghcr.io/acme/c:3.0"],
    ]);
    expect(bumped("app.yaml", text, { repository: "ghcr.io/acme/b", tag: "v2.1.0" })).toBe(
      text.replace("v2.0.0", "v2.1.0"),
    );
    expect(bumped("app.yaml", text, { repository: "ghcr.io/acme/c", tag: "3.1" })).toBe(
      text.replace('"3.0"', '"3.1"'),
    );
  });

  it("guards an Argo CD values string like a file: alias bombs, duplicate keys and bad YAML, at outer lines", () => {
    const app = (values: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n    helm:\n      values: |\n${values
        .split("\n")
        .map((l) => `        ${l}`)
        .join("\n")}\n`;
    let bomb = "image: nginx:1.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i <= 7; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]\n`;
    const cases: Array<[string, string, number, RegExp]> = [
      ["alias bomb", bomb, 7, /spec\.source\.helm\.values: document 1 has 70 aliases .*alias bomb/],
      [
        "duplicate keys",
        "image: nginx:1.0\nimage: nginx:1.0",
        8,
        /spec\.source\.helm\.values: duplicate key "image" \(first at line 7\)/,
      ],
      ["bad YAML", "image: nginx:1.0\nx: [", 9, /spec\.source\.helm\.values is not valid YAML/],
    ];
    for (const [name, values, line, message] of cases) {
      const text = app(values);
      const scan = scanFiles([{ path: "app.yaml", text }]);
      expect(scan.problems, name).toMatchObject([{ line, severity: "error", message }]);
      expect(
        planBump([{ path: "app.yaml", text }], { repository: "nginx", tag: "1.1" }),
        name,
      ).toMatchObject({ ok: false, error: { code: "unreadable-files" } });
    }
  });

  it("edits a sha digest as hex", () => {
    const text = `image:\n  repository: quay.io/acme/x\n  tag: v1\n  sha: ${HEX}\n`;
    const after = bumped("values.yaml", text, {
      repository: "quay.io/acme/x",
      tag: "v2",
      digest: `sha256:${"e".repeat(64)}`,
    });
    expect(after).toBe(
      `image:\n  repository: quay.io/acme/x\n  tag: v2\n  sha: ${"e".repeat(64)}\n`,
    );
  });
});
