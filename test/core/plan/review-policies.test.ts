import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { corpusPath } from "../../harness/corpus.js";
import { parseConfig } from "../../../src/core/config/load.js";
import type { Config } from "../../../src/core/config/schema.js";
import { planRepoBump } from "../../../src/core/plan/repo-bump.js";
import type { BumpPolicies } from "../../../src/core/plan/review-edits.js";
import type { RepoBumpInput } from "../../../src/core/plan/types.js";
import { loadPolicies } from "../../../src/core/review/policy/load.js";
import { loadParams } from "../../../src/core/review/policy/run.js";

/** Kubescape C-0078 (a ValidatingAdmissionPolicy with a binding and params): gcr.io and docker.io only. */
const CORPUS = corpusPath("policy/kubescape-cel-admission-library/c-0078-000");
const policyFiles = [
  { path: "policies/c-0078.yaml", text: readFileSync(`${CORPUS}/policy.yaml`, "utf8") },
  { path: "policies/c-0078-params.yaml", text: readFileSync(`${CORPUS}/params.yaml`, "utf8") },
];
const policies: BumpPolicies = {
  set: loadPolicies(policyFiles),
  params: loadParams(policyFiles).params,
};

const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    admission-policy-test: abc
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: ${image}
`;

/** Two workloads in one file: the worker's registry is outside the allow list, the web's is in it. */
const files = [
  {
    path: "apps/dev/workloads.yaml",
    text: `${deployment("worker", "quay.io/acme/worker:1.0.0")}---\n${deployment("web", "gcr.io/acme/web:1.0.0")}`,
  },
];

function configFor(mode: "protect" | "monitor"): Config {
  const parsed = parseConfig(`environments:
  dev: ["apps/dev/**"]
pullRequests:
  automerge: { dev: true }
review:
  mode: ${mode}
  policies: ["policies/**"]
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const input = (overrides: Partial<RepoBumpInput>, withPolicies = true): RepoBumpInput => ({
  repository: "gcr.io/acme/web",
  tag: "1.1.0",
  digest: null,
  files,
  config: configFor("protect"),
  botLogin: "bumpwarden[bot]",
  branches: {},
  evidence: {},
  now: new Date("2026-11-23T12:00:00Z"),
  ...(withPolicies && { policies }),
  ...overrides,
});

function opened(plan: ReturnType<typeof planRepoBump>) {
  const action = plan.actions[0];
  if (action?.kind !== "open") throw new Error(`expected open, got ${action?.kind}`);
  return action;
}

describe("the bump's own review with the repository's admission policies", () => {
  it("shows a policy the bumped workload violates in the body and holds auto-merge back", () => {
    const pr = opened(planRepoBump(input({ repository: "quay.io/acme/worker" })));
    expect(pr.body).toMatch(/\*\*Review\*\*: failed \(1 error\)/);
    expect(pr.body).toContain(
      "`apps/dev/workloads.yaml:4` error admission-policy (kubescape-c-0078-only-allow-images-from-allowed-registry): Workloads uses an image from a registry that is not in the allow list!",
    );
    expect(pr.automerge).toBe(false);
  });

  it("passes a bump of an allowed image in the same file: the other object's violation is not its", () => {
    const pr = opened(planRepoBump(input({})));
    expect(pr.body).toMatch(/\*\*Review\*\*: passed/);
    expect(pr.body).not.toContain("admission-policy");
    expect(pr.automerge).toBe(true);
  });

  it("reports the violation without holding auto-merge back in monitor mode", () => {
    const pr = opened(
      planRepoBump(input({ repository: "quay.io/acme/worker", config: configFor("monitor") })),
    );
    expect(pr.body).toMatch(/\*\*Review\*\*: monitor mode, not enforced \(1 warning\)/);
    expect(pr.body).toContain("admission-policy (kubescape-c-0078");
    expect(pr.automerge).toBe(true);
  });

  it("runs only the built-in rules when no policies are given", () => {
    const pr = opened(planRepoBump(input({ repository: "quay.io/acme/worker" }, false)));
    expect(pr.body).toMatch(/\*\*Review\*\*: passed/);
    expect(pr.automerge).toBe(true);
  });
});
