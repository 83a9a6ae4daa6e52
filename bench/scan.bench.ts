import { loadAll } from "js-yaml";
import { classifyFile } from "../src/core/formats/classify.js";
import { planBump } from "../src/core/scan/plan-bump.js";
import { scanFiles } from "../src/core/scan/scan-files.js";
import type { SourceFile } from "../src/core/scan/scan-files.js";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";

const FILES = 10_000;
const APPS = [
  "api",
  "web",
  "worker",
  "auth",
  "billing",
  "search",
  "gateway",
  "mailer",
  "reports",
  "cart",
];
const ENVS = ["dev", "staging", "prod"];

/** A deterministic pseudo-random sequence, so every run scans the same repository. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const deployment = (app: string, tag: string, i: number): string => `# ${app} workload
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-${i}
  labels: {app: ${app}, tier: backend}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/${app}-migrate:${tag}
      containers:
        - name: ${app}
          image: "ghcr.io/acme/${app}:${tag}"
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 512Mi}
          env:
            - {name: LOG_LEVEL, value: info}
            - {name: REGION, value: eu-west-1}
        - name: proxy
          image: docker.io/envoyproxy/envoy:v1.31.2
---
apiVersion: v1
kind: Service
metadata: {name: ${app}-${i}}
spec:
  selector: {app: ${app}}
  ports: [{port: 80, targetPort: 8080}]
`;

const configMap = (app: string, i: number): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config-${i}
data:
  settings.yaml: |
    retries: 3
    timeout: 30s
  LOG_FORMAT: json
`;

const kustomization = (
  app: string,
  tag: string,
): string => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]
images:
  - name: ghcr.io/acme/${app}
    newTag: ${tag} # pinned by CI
  - name: envoy
    newName: docker.io/envoyproxy/envoy
`;

const values = (app: string, tag: string): string => `replicaCount: 2
image:
  registry: ghcr.io
  repository: acme/${app}
  tag: "${tag}"
  pullPolicy: IfNotPresent
sidecar:
  image: docker.io/library/busybox:1.36
defaults: &defaults
  resources: {requests: {cpu: 50m}}
worker:
  <<: *defaults
  image: {repository: ghcr.io/acme/${app}-worker, tag: ${tag}}
`;

const helmRelease = (app: string, tag: string): string => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: ${app}, namespace: ${app}}
spec:
  interval: 10m
  chart:
    spec: {chart: ${app}, sourceRef: {kind: HelmRepository, name: acme}}
  values:
    image:
      repository: ghcr.io/acme/${app}
      tag: ${tag}
`;

const compose = (app: string, tag: string): string => `services:
  ${app}:
    image: ghcr.io/acme/${app}:${tag}
    ports: ["8080:8080"]
  redis:
    image: redis:7.4-alpine
`;

const dockerfile = (app: string): string => `ARG GO=1.23
FROM golang:\${GO}-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /${app} ./cmd/${app}
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /${app} /${app}
USER nonroot
ENTRYPOINT ["/${app}"]
`;

/** A GitOps repository of `count` files: workloads, config, kustomize, Helm, compose, Dockerfiles. */
export function generateRepo(count: number, seed = 42): SourceFile[] {
  const random = lcg(seed);
  const files: SourceFile[] = [];
  for (let i = 0; i < count; i++) {
    const app = APPS[Math.floor(random() * APPS.length)] ?? "api";
    const env = ENVS[i % ENVS.length] ?? "dev";
    const tag = `1.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}`;
    const dir = `apps/${app}/overlays/${env}/${i}`;
    const pick = random();
    if (pick < 0.4) files.push({ path: `${dir}/deployment.yaml`, text: deployment(app, tag, i) });
    else if (pick < 0.6) files.push({ path: `${dir}/configmap.yaml`, text: configMap(app, i) });
    else if (pick < 0.72)
      files.push({ path: `${dir}/kustomization.yaml`, text: kustomization(app, tag) });
    else if (pick < 0.82) files.push({ path: `${dir}/values-${env}.yaml`, text: values(app, tag) });
    else if (pick < 0.9) files.push({ path: `${dir}/release.yaml`, text: helmRelease(app, tag) });
    else if (pick < 0.96) files.push({ path: `${dir}/compose.yaml`, text: compose(app, tag) });
    else files.push({ path: `${dir}/Dockerfile`, text: dockerfile(app) });
  }
  return files;
}

const bench: Bench = async (report) => {
  const files = generateRepo(FILES);
  const yamlFiles = files.filter((f) => classifyFile(f.path) !== "dockerfile");
  const baseline = () => {
    for (const f of yamlFiles) loadAll(f.text);
  };
  let references = 0;
  const scan = await compare(() => {
    references = scanFiles(files).references.length;
  }, baseline);
  const note = `${files.length} files (${yamlFiles.length} YAML, ${files.length - yamlFiles.length} Dockerfiles), ${references} references; baseline: js-yaml loadAll of the YAML files; target <= 1.5`;
  report({ name: "scan 10k manifests vs js-yaml loadAll", unit: "ms", ...scan, note });

  let edits = 0;
  const scanAll = () => scanFiles(files);
  const bumpOne = () => {
    const plan = planBump(files, { repository: "ghcr.io/acme/api", tag: "2.0.0" });
    edits = plan.ok ? plan.value.edits.length : -1;
  };
  const bump = await compare(bumpOne, scanAll);
  report({
    name: "bump one image across 10k manifests vs scan",
    unit: "ms",
    ...bump,
    note: `${edits} edits; target <= 2`,
  });

  let everywhere = 0;
  const bumpEverywhere = () => {
    const plan = planBump(files, { repository: "docker.io/envoyproxy/envoy", tag: "v1.32.0" });
    everywhere = plan.ok ? plan.value.edits.length : -1;
  };
  const worst = await compare(bumpEverywhere, scanAll, 5);
  report({
    name: "bump an image in most files vs scan",
    unit: "ms",
    ...worst,
    note: `${everywhere} edits (envoy is in every Deployment and kustomization); target <= 2`,
  });

  // One file of 10,000 documents, each naming the image: planning must stay linear in the edits.
  const stream = [
    {
      path: "clusters/prod/pods.yaml",
      text: "---\nkind: Pod\nspec: {containers: [{image: nginx:1.0}]}\n".repeat(10_000),
    },
  ];
  let streamEdits = 0;
  const oneFile = await compare(
    () => {
      const plan = planBump(stream, { repository: "docker.io/library/nginx", tag: "1.1" });
      streamEdits = plan.ok ? plan.value.edits.length : -1;
    },
    () => scanFiles(stream),
    5,
  );
  report({
    name: "bump 10k documents of one file vs scan",
    unit: "ms",
    ...oneFile,
    note: `${streamEdits} edits in one file; a bump scans the file twice (plan, then verify): target <= 3, linear (quadratic lookups made it ~10)`,
  });
};

export default bench;
