import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lint } from "../../../src/core/review/engine.js";
import type { LintOptions } from "../../../src/core/review/engine.js";
import { config } from "./helpers.js";
import { corpusUrl } from "../../harness/corpus.js";

const GITOPS = corpusUrl("gitops/").pathname;

const run = (files: Record<string, string>, options: LintOptions = {}) =>
  lint(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    options,
  ).findings;

const brief = (findings: ReturnType<typeof run>) =>
  findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}`);

/** What a PR typically adds: a Deployment with a :latest image, no limits, from Docker Hub. */
const RISKY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
`;

const SOUND = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: api
          image: ghcr.io/acme/api:1.8.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 0.5Gi}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
`;

describe("built-in manifest rules", () => {
  it("reports every problem of a risky Deployment at its line, with a mechanical fix where there is one", () => {
    const findings = run(
      { "apps/web.yaml": RISKY },
      { config: config({ review: { allowedRegistries: ["ghcr.io/acme"] } }) },
    );
    expect(brief(findings)).toEqual([
      "15:17 warning probes",
      "15:17 warning read-only-root-fs",
      "15:17 warning resources",
      "15:17 warning run-as-non-root",
      "16:18 error image-latest",
      "16:18 error image-registry",
      "17:28 warning image-pull-policy",
    ]);
    const pull = findings.find((f) => f.rule === "image-pull-policy");
    expect(pull?.fix).toEqual({ line: 17, endLine: 17, text: "          imagePullPolicy: Always" });
    expect(findings.find((f) => f.rule === "image-registry")?.message).toBe(
      "docker.io/library/nginx is not from an allowed registry (ghcr.io/acme)",
    );
  });

  it("finds nothing in a Deployment that follows the rules", () => {
    expect(
      run(
        { "apps/api.yaml": SOUND },
        { config: config({ review: { allowedRegistries: ["ghcr.io/acme"] } }) },
      ),
    ).toEqual([]);
  });

  it("compares requests and limits as Kubernetes quantities", () => {
    const text = SOUND.replace(
      "requests: {cpu: 100m, memory: 128Mi}",
      "requests: {cpu: 1500m, memory: 512Mi}",
    );
    const findings = run({ "a.yaml": text });
    expect(findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      [
        "resources-limit-below-request",
        20,
        'container "api": cpu limit 1 is below its request 1500m; Kubernetes rejects this',
      ],
    ]);
  });

  it("reports root, privilege and host access with flips as fixes", () => {
    const text = SOUND.replace(
      "runAsNonRoot: true\n        runAsUser: 10001",
      "runAsNonRoot: false",
    )
      .replace(
        "    spec:\n      securityContext",
        "    spec:\n      hostNetwork: true\n      volumes:\n        - name: logs\n          hostPath: {path: /var/log}\n      securityContext",
      )
      .replace("allowPrivilegeEscalation: false", "privileged: true\n            runAsUser: 0");
    const findings = run({ "a.yaml": text });
    expect(findings.map((f) => `${f.line} ${f.rule} ${f.fix?.text.trim() ?? ""}`)).toEqual([
      "12 host-network hostNetwork: false",
      "14 host-path ",
      "30 privileged privileged: false",
      "31 run-as-non-root ",
    ]);
    expect(findings.find((f) => f.rule === "run-as-non-root")?.severity).toBe("error");
  });

  it("requires digests where configured and offers the pinned reference when the digest is known", () => {
    const cfg = config({
      environments: { prod: ["clusters/prod/**"] },
      review: { requireDigest: ["prod"] },
    });
    const digest = `sha256:${"a".repeat(64)}`;
    const findings = run(
      { "clusters/prod/api.yaml": SOUND, "clusters/dev/api.yaml": SOUND },
      { config: cfg, digests: new Map([["ghcr.io/acme/api:1.8.0", digest]]) },
    );
    expect(findings.map((f) => [f.file, f.rule, f.fix?.text.trim()])).toEqual([
      ["clusters/prod/api.yaml", "image-digest", `image: ghcr.io/acme/api:1.8.0@${digest}`],
    ]);
  });

  it("keeps images allowed only in dev/staging out of prod paths (configured or inferred environments)", () => {
    const preview = SOUND.replace("ghcr.io/acme/api:1.8.0", "ghcr.io/acme/preview-api:pr-42");
    const images = [{ match: "ghcr.io/acme/preview-*", allowIn: ["dev", "staging"] }];
    const inferred = run(
      { "overlays/production/api.yaml": preview, "overlays/staging/api.yaml": preview },
      { config: config({ images }) },
    );
    expect(inferred.map((f) => [f.file, f.rule, f.message])).toEqual([
      [
        "overlays/production/api.yaml",
        "image-environment",
        "ghcr.io/acme/preview-api is only allowed in dev, staging, not in production",
      ],
    ]);
    const configured = run(
      { "live/eu/api.yaml": preview },
      { config: config({ images, environments: { prod: ["live/**"] } }) },
    );
    expect(configured.map((f) => f.rule)).toEqual(["image-environment"]);
  });

  it("judges kustomized images through the kustomization that sets their tag", () => {
    const base = SOUND.replace("ghcr.io/acme/api:1.8.0", "api");
    const findings = run({
      "base/deploy.yaml": base,
      "overlays/dev/kustomization.yaml":
        "resources: [../../base]\nimages:\n  - name: api\n    newName: ghcr.io/acme/api\n    newTag: latest\n",
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual([
      'overlays/dev/kustomization.yaml:5 image-latest ghcr.io/acme/api:latest uses "latest", which changes under you; pin a version',
    ]);
  });

  it("reports images whose cosign signature did not verify (verdicts come from the registry layer)", () => {
    const findings = run(
      { "a.yaml": SOUND },
      {
        signatures: [
          {
            repository: "ghcr.io/acme/api",
            tag: "1.8.0",
            digest: null,
            verdict: { verified: false, reason: "no signature found", checked: 0 },
          },
        ],
      },
    );
    expect(findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      [
        "image-signature",
        17,
        "ghcr.io/acme/api:1.8.0 has no valid cosign signature: no signature found",
      ],
    ]);
  });

  it("applies per-rule severities from config and caps everything at warning in monitor mode", () => {
    const rules = run(
      { "a.yaml": RISKY },
      { config: config({ review: { rules: { "image-latest": "notice", probes: "off" } } }) },
    );
    expect(rules.find((f) => f.rule === "image-latest")?.severity).toBe("notice");
    expect(rules.some((f) => f.rule === "probes")).toBe(false);
    const monitor = run({ "a.yaml": RISKY }, { config: config({ review: { mode: "monitor" } }) });
    expect(monitor.filter((f) => f.severity === "error")).toEqual([]);
    expect(monitor.find((f) => f.rule === "image-latest")?.severity).toBe("warning");
  });

  it("flags the corpus's untagged and :latest images and nothing else image-related", () => {
    const file = "examples/ambassador/rollout.yaml";
    const text = readFileSync(`${GITOPS}argo-rollouts-examples/${file}`, "utf8");
    const findings = run({ [file]: text });
    expect(
      findings
        .filter((f) => f.rule.startsWith("image-"))
        .map((f) => `${f.line}:${f.column} ${f.rule}`),
    ).toEqual(["15:18 image-latest"]);
    expect(findings.find((f) => f.rule === "image-latest")?.message).toBe(
      'hashicorp/http-echo has no tag, so it runs whatever "latest" is at pull time; pin a version',
    );
  });

  it("judges compose and Helm-values images as the scanner finds them (corpus expectations)", () => {
    const root = `${GITOPS}awesome-compose/`;
    const expected = JSON.parse(
      readFileSync(`${GITOPS}awesome-compose.expected.json`, "utf8"),
    ) as Array<{
      file: string;
      line: number;
      kind: string;
      tag: string | null;
      digest: string | null;
    }>;
    const composeFiles = [
      ...new Set(expected.filter((r) => r.kind === "compose").map((r) => r.file)),
    ];
    const findings = run(
      Object.fromEntries(composeFiles.map((f) => [f, readFileSync(root + f, "utf8")])),
    );
    const mutable = expected.filter(
      (r) => r.kind === "compose" && !r.digest && (r.tag === null || r.tag === "latest"),
    );
    expect(
      findings.filter((f) => f.rule === "image-latest").map((f) => `${f.file}:${f.line}`),
    ).toEqual(mutable.map((r) => `${r.file}:${r.line}`));

    const release = "apps/base/podinfo/release.yaml";
    const helm = run(
      { [release]: readFileSync(`${GITOPS}flux2-kustomize-helm-example/${release}`, "utf8") },
      { config: config({ review: { allowedRegistries: ["ghcr.io"] } }) },
    );
    expect(helm.map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([
      "27 image-registry public.ecr.aws/docker/library/redis is not from an allowed registry (ghcr.io)",
    ]);
  });
});
