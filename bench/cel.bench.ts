import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Bench } from "./figure.js";
import { compare } from "./figure.js";
import { lint } from "../src/core/review/engine.js";
import type { K8sObject, SourceFile } from "../src/core/review/manifest.js";
import { parseManifest } from "../src/core/review/manifest.js";
import { evaluatePolicy } from "../src/core/review/policy/evaluate.js";
import { loadPolicies } from "../src/core/review/policy/load.js";
import { admissionInput, loadParams, namespaceIndex } from "../src/core/review/policy/run.js";
import { matchResources } from "../src/core/review/policy/match.js";
import type { CompiledPolicy, PolicyVariant } from "../src/core/review/policy/types.js";
import { parseYaml } from "../src/core/yaml/index.js";
import { corpusUrl } from "../test/harness/corpus.js";

const CORPUS = corpusUrl("policy/").pathname;
const POLICY_COUNT = 50;
const RESOURCE_COUNT = 10_000;

interface Case {
  policy: string;
  params: string | null;
  resource: string;
  policyName: string;
}

function corpus(): { policies: SourceFile[]; params: SourceFile[]; resources: string[] } {
  const policies = new Map<string, SourceFile>();
  const params = new Map<string, SourceFile>();
  const resources: string[] = [];
  for (const source of ["kubescape-cel-admission-library", "kyverno-policies"]) {
    const lines = readFileSync(join(CORPUS, source, "cases.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    for (const line of lines) {
      const c = JSON.parse(line) as Case;
      const read = (p: string): SourceFile => ({
        path: `${source}/${p}`,
        text: readFileSync(join(CORPUS, source, p), "utf8"),
      });
      if (!policies.has(c.policyName)) policies.set(c.policyName, read(c.policy));
      if (c.params && !params.has(c.params)) params.set(c.params, read(c.params));
      resources.push(readFileSync(join(CORPUS, source, c.resource), "utf8"));
    }
  }
  return {
    policies: [...policies.values()].slice(0, POLICY_COUNT),
    params: [...params.values()].slice(0, 1),
    resources,
  };
}

/** 10,000 objects: the corpus resources, renamed and relabelled so no two are the same. */
function objects(texts: readonly string[]): K8sObject[] {
  const out: K8sObject[] = [];
  for (let i = 0; out.length < RESOURCE_COUNT; i++) {
    const text = (texts[i % texts.length] ?? "").replace(/^( {2}name: )(.*)$/m, `$1$2-${i}`);
    const parsed = parseManifest({ path: `r${i}.yaml`, text });
    if (parsed.ok) out.push(...parsed.value.objects.slice(0, RESOURCE_COUNT - out.length));
  }
  return out;
}

/**
 * The same compiled programs, called directly: match conditions, variables (eagerly), validations,
 * and the message expression of a failed validation (the engine needs the message too).
 */
function direct(variant: PolicyVariant, ctx: Record<string, unknown>): number {
  let failed = 0;
  try {
    for (const c of variant.matchConditions) if (c.expression.program(ctx) !== true) return 0;
    const variables: Record<string, unknown> = {};
    ctx.variables = variables;
    for (const v of variant.variables) {
      try {
        variables[v.name] = v.expression.program(ctx);
      } catch {
        // unused variables may fail; the engine evaluates them lazily
      }
    }
    for (const v of variant.validations) {
      let ok = false;
      try {
        ok = v.expression.program(ctx) === true;
      } catch {
        ok = false;
      }
      if (ok) continue;
      failed++;
      try {
        v.messageExpression?.program(ctx);
      } catch {
        // falls back to the static message
      }
    }
  } catch {
    failed++;
  }
  return failed;
}

const bench: Bench = async (report) => {
  const { policies: policyFiles, params: paramFiles, resources } = corpus();
  const set = loadPolicies(policyFiles);
  if (set.problems.length) throw new Error(set.problems.map((p) => p.message).join("\n"));
  const params = loadParams(paramFiles).params;
  const objs = objects(resources);
  const namespaces = namespaceIndex(objs);
  const inputs = objs.map((o) => admissionInput(o, namespaces, params));

  // The pairs the engine evaluates, resolved once for the baseline (which does no matching).
  const pairs: Array<{ variant: PolicyVariant; ctx: Record<string, unknown> }> = [];
  for (const input of inputs)
    for (const policy of set.policies as CompiledPolicy[]) {
      if (policy.bindings.every((b) => !matchResources(b.match, input.subject))) continue;
      const variant = policy.variants.find((v) => matchResources(v.match, input.subject));
      const param = params.find((p) => p.kind === policy.paramKind?.kind)?.value ?? null;
      if (variant)
        pairs.push({
          variant,
          ctx: {
            object: input.object,
            oldObject: null,
            request: input.request,
            params: param,
            namespaceObject: input.namespaceObject,
          },
        });
    }

  let engineViolations = 0;
  let directFailures = 0;
  const cel = await compare(
    () => {
      engineViolations = 0;
      for (const input of inputs)
        for (const policy of set.policies) engineViolations += evaluatePolicy(policy, input).length;
    },
    () => {
      directFailures = 0;
      for (const p of pairs) directFailures += direct(p.variant, p.ctx);
    },
    3,
  );
  report({
    name: "cel-policies-50x10k",
    value: cel.value,
    unit: "ms",
    baseline: cel.baseline,
    ratio: cel.ratio,
    note: `${set.policies.length} policies × ${inputs.length} objects (${pairs.length} matched pairs, ${engineViolations} violations; direct: ${directFailures} failed validations); baseline = same compiled cel-js programs called in a loop; target ratio ≤ 1.3`,
  });

  const files = generatePr(1000);
  let findings = 0;
  const pr = await compare(
    () => {
      findings = lint(files).findings.length;
    },
    () => {
      for (const f of files) if (f.path.endsWith(".yaml")) parseYaml(f.text);
    },
    5,
  );
  report({
    name: "lint-pr-1000-files",
    value: pr.value,
    unit: "ms",
    baseline: pr.baseline,
    ratio: pr.ratio,
    note: `${files.length} files, ${findings} findings; baseline = parsing the YAML files only`,
  });
};

/** A generated 1,000-file PR: Deployments, Services, kustomizations and Dockerfiles across environments. */
function generatePr(count: number): SourceFile[] {
  const files: SourceFile[] = [];
  const envs = ["dev", "staging", "prod"];
  for (let i = 0; files.length < count; i++) {
    const env = envs[i % 3] ?? "dev";
    const app = `svc-${Math.floor(i / 3)}`;
    const dir = `clusters/${env}/${app}`;
    const tag = i % 17 === 0 ? "latest" : `1.${i % 40}.${i % 7}`;
    files.push({
      path: `${dir}/deployment.yaml`,
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${env}
  labels: {app: ${app}}
spec:
  replicas: ${(i % 4) + 1}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 10001}
      containers:
        - name: ${app}
          image: ghcr.io/acme/${app}:${tag}
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "${i % 9 === 0 ? "50m" : "1"}", memory: 256Mi}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          securityContext: {readOnlyRootFilesystem: ${i % 5 !== 0}}
`,
    });
    if (files.length < count)
      files.push({
        path: `${dir}/service.yaml`,
        text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${env}\nspec:\n  selector: {app: ${app}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
      });
    if (files.length < count && i % 3 === 0)
      files.push({
        path: `${dir}/kustomization.yaml`,
        text: `resources: [deployment.yaml, service.yaml]\nimages:\n  - name: ghcr.io/acme/${app}\n    newTag: "1.${i % 40}.0"\n`,
      });
    if (files.length < count && i % 10 === 0)
      files.push({
        path: `src/${app}/Dockerfile`,
        text: `FROM golang:1.22 AS build\nCOPY . /src\nRUN cd /src && go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n`,
      });
  }
  return files;
}

export default bench;
