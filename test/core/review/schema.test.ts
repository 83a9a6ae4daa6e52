import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lint } from "../../../src/core/review/engine.js";
import { KUBERNETES_VERSION } from "../../../src/core/review/schema/validate.js";
import { corpusUrl } from "../../harness/corpus.js";
import { config } from "./helpers.js";

const GITOPS = corpusUrl("gitops/").pathname;
const corpus = (path: string) => readFileSync(`${GITOPS}${path}`, "utf8");
const findings = (files: Record<string, string>) =>
  lint(Object.entries(files).map(([path, text]) => ({ path, text }))).findings;
const schemaOnly = (files: Record<string, string>) =>
  findings(files).filter((f) => f.rule.startsWith("schema-") || f.rule.startsWith("yaml-"));

describe("YAML checks", () => {
  it("reports syntax errors, tab indentation and duplicate keys at their line", () => {
    expect(schemaOnly({ "a.yaml": "a: [1, 2\nb: 3\n" }).map((f) => [f.rule, f.line])).toEqual([
      ["yaml-syntax", 2],
    ]);
    expect(
      schemaOnly({ "a.yaml": "apiVersion: v1\nkind: ConfigMap\ndata:\n\tkey: value\n" }).map(
        (f) => [f.rule, f.line, f.column],
      ),
    ).toEqual([["yaml-tabs", 4, 1]]);
    const dup = schemaOnly({
      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n",
    });
    expect(dup.map((f) => [f.rule, f.line, f.message])).toEqual([
      [
        "yaml-duplicate-key",
        5,
        'duplicate key "name" (first at line 4); only the last value is kept',
      ],
    ]);
  });

  it("leaves Helm templates alone", () => {
    expect(
      findings({ "chart/templates/deploy.yaml": "image: {{ .Values.image }}\n  bad: [\n" }),
    ).toEqual([]);
  });
});

describe(`Kubernetes schema (${KUBERNETES_VERSION})`, () => {
  const deploy = corpus(
    "flux-image-automation-testdata/internal/controller/testdata/appconfig/deploy.yaml",
  );

  it("reports an unknown field at its line and suggests the field it resembles", () => {
    const text = deploy.replace("        image: helloworld", "        imagee: helloworld");
    const [f] = schemaOnly({ "deploy.yaml": text }).filter(
      (x) => x.rule === "schema-unknown-field",
    );
    expect(f).toMatchObject({
      line: 10,
      column: 9,
      severity: "error",
      message: `unknown field "imagee" in spec.template.spec.containers[0] (Container, Kubernetes ${KUBERNETES_VERSION}); did you mean "image"?`,
      fix: { line: 10, endLine: 10, text: "        image: helloworld:1.0.0 # SETTER_SITE" },
    });
  });

  it("reports required fields and wrong types, with quoting as the fix for numbers in strings", () => {
    const problems = schemaOnly({ "deploy.yaml": deploy });
    expect(problems.map((f) => [f.rule, f.line, f.message])).toEqual([
      ["schema-required", 6, 'spec is missing required field "selector" (DeploymentSpec)'],
    ]);
    const typed = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1.0
      env:
        - name: PORT
          value: 8080
      ports:
        - containerPort: "8080"
      tty: yes
`;
    expect(
      schemaOnly({ "pod.yaml": typed }).map((f) => [f.rule, f.line, f.fix?.text.trim()]),
    ).toEqual([
      ["schema-type", 10, 'value: "8080"'],
      ["schema-type", 12, undefined],
      ["schema-type", 13, undefined],
    ]);
  });

  it("names the served version of a built-in kind whose apiVersion is gone", () => {
    const cron = corpus(
      "flux-image-automation-testdata/internal/update/testdata/leave/original/cronjob.yaml",
    );
    expect(schemaOnly({ "cronjob.yaml": cron }).map((f) => [f.rule, f.line, f.message])).toEqual([
      [
        "schema-api-version",
        1,
        `CronJob is not served as batch/v1beta1 in Kubernetes ${KUBERNETES_VERSION}; use batch/v1`,
      ],
    ]);
  });

  it("skips required-field checks for kustomize patches and leaves custom resources alone", () => {
    const files = {
      "app/kustomization.yaml": "resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\n",
      "app/patch.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: test}\nspec:\n  replicas: 3\n",
    };
    expect(schemaOnly(files)).toEqual([]);
    const rollout = corpus("argo-rollouts-examples/examples/ambassador/rollout.yaml");
    expect(schemaOnly({ "rollout.yaml": rollout })).toEqual([]);
  });

  it("reports fields newer than the pinned version as unknown; review.rules lowers them", () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    supplementalGroupsPolicy: Strict
  containers:
    - name: app
      image: nginx:1.27
`;
    const lintPod = (options = {}) =>
      lint([{ path: "pod.yaml", text: pod }], options).findings.filter(
        (f) => f.rule === "schema-unknown-field",
      );
    expect(lintPod().map((f) => [f.line, f.severity])).toEqual([[6, "error"]]);
    const lowered = lintPod({
      config: config({ review: { rules: { "schema-unknown-field": "warning" } } }),
    });
    expect(lowered.map((f) => [f.line, f.severity])).toEqual([[6, "warning"]]);
  });

  it("finds no schema problems in the Flux reference layout", () => {
    const files = [
      "apps/base/podinfo/release.yaml",
      "apps/base/podinfo/namespace.yaml",
      "apps/base/podinfo/kustomization.yaml",
      "apps/production/kustomization.yaml",
    ];
    const texts = Object.fromEntries(
      files.map((f) => [f, corpus(`flux2-kustomize-helm-example/${f}`)]),
    );
    expect(schemaOnly(texts)).toEqual([]);
  });
});
