import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { corpusPath } from "../harness/corpus.js";
import { GitHubGitHost } from "../../src/adapters/github/git-host.js";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import { indexRepository, refreshIndex } from "../../src/app/index-repo.js";
import { formatBranch } from "../../src/core/pr/branch.js";
import { gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";
import { RequestRecorder } from "./request-recorder.js";

/**
 * The review in a bump PR's body applies the repository's admission policies (`review.policies`,
 * default branch) and holds auto-merge back when one fails. The policy is Kubescape's C-0078 from
 * the conformance corpus: a ValidatingAdmissionPolicy with its binding and params that allows
 * images from gcr.io and docker.io only.
 */
const CORPUS = corpusPath("policy/kubescape-cel-admission-library/c-0078-000");
const POLICY = readFileSync(`${CORPUS}/policy.yaml`, "utf8");
const PARAMS = readFileSync(`${CORPUS}/params.yaml`, "utf8");

const CONFIG = `environments:
  dev: ["apps/dev/**"]
pullRequests:
  automerge: { dev: true }
review:
  policies: ["policies/**"]
`;

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
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { cpu: 500m, memory: 128Mi }
`;

const FILES = {
  ".github/bumpwarden.yml": CONFIG,
  "policies/c-0078.yaml": POLICY,
  "policies/c-0078-params.yaml": PARAMS,
  "apps/dev/worker.yaml": deployment("worker", "quay.io/acme/worker:1.0.0"),
  "apps/dev/web.yaml": deployment("web", "gcr.io/acme/web:1.0.0"),
};

const FORBIDDEN = "quay.io/acme/worker";
const ALLOWED = "gcr.io/acme/web";
const VIOLATION =
  "`apps/dev/worker.yaml:4` error admission-policy (kubescape-c-0078-only-allow-images-from-allowed-registry): Workloads uses an image from a registry that is not in the allow list! (see more at https://kubescape.io/docs/controls/c-0078/)";
const TREE = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";

let world: GitOpsWorld;
let index: MemoryImageIndex;
const recorder = new RequestRecorder();

async function setUp(files: Record<string, string>): Promise<void> {
  world = await gitopsWorld(files);
  index = new MemoryImageIndex();
  await indexRepository(world.host, index, world.installationId, world.repo);
  recorder.reset();
  world.sim.counts.reset();
}
afterEach(async () => {
  await world.close();
});

const push = (repository: string, tag: string) =>
  bumpRepository(
    { installationId: world.installationId, repo: world.repo, repository, tag, digest: null },
    {
      host: new GitHubGitHost(recorder.wrap(world.client)),
      index,
      clock: { now: () => new Date() },
      evidence: async () => ({}),
    },
  );

function pullOf(repository: string) {
  const repo = world.sim.human.repo(world.full);
  const head = formatBranch({ prefix: "bumpwarden", environment: "dev", repository });
  const pull = [...repo.pulls.values()].find((p) => p.head === head);
  if (!pull) throw new Error(`no PR for ${repository}`);
  return { pull, issue: repo.issues.get(pull.number), head };
}

describe("admission policies in the review of bump PRs", () => {
  it("holds back the PR of a forbidden image with the violation in its body; the allowed one auto-merges", async () => {
    await setUp(FILES);
    const forbidden = await push(FORBIDDEN, "1.1.0");
    expect(forbidden.outcomes.map((o) => o.kind)).toEqual(["open"]);
    expect(forbidden.outcomes[0]?.automerge).toBeUndefined();
    expect(world.sim.counts.get("graphql enablePullRequestAutoMerge")).toBe(0);
    const worker = pullOf(FORBIDDEN);
    expect(worker.issue?.body).toContain("**Review**: failed (1 error)");
    expect(worker.issue?.body).toContain(VIOLATION);

    world.sim.counts.reset();
    const allowed = await push(ALLOWED, "1.1.0");
    expect(allowed.outcomes.map((o) => o.kind)).toEqual(["open"]);
    expect(world.sim.counts.get("graphql enablePullRequestAutoMerge")).toBe(1);
    expect(allowed.outcomes[0]?.automerge).toMatch(/^not enabled: Pull request is in clean status/);
    const web = pullOf(ALLOWED);
    expect(web.issue?.body).toContain("**Review**: passed");
    expect(web.issue?.body).not.toContain("admission-policy");

    // CI starts on both heads: GitHub would now accept auto-merge, and only the allowed PR asks.
    for (const head of [worker.head, web.head])
      world.sim.human.setCheckRun(world.full, head, { name: "ci", status: "in_progress" });
    world.sim.counts.reset();
    await push(FORBIDDEN, "1.1.0");
    expect(world.sim.counts.get("graphql enablePullRequestAutoMerge")).toBe(0);
    const again = await push(ALLOWED, "1.1.0");
    expect(again.outcomes[0]).toMatchObject({ kind: "unchanged", automerge: "enabled" });

    for (const head of [worker.head, web.head])
      world.sim.human.setCheckRun(world.full, head, {
        name: "ci",
        status: "completed",
        conclusion: "success",
      });
    expect(pullOf(ALLOWED).pull.mergedAt).not.toBeNull();
    expect(pullOf(FORBIDDEN).pull.mergedAt).toBeNull();
    expect(pullOf(FORBIDDEN).pull.autoMerge).toBeNull();
  });

  it("reads the policies in the bump's one view on a warm index: 3 sequential requests, as without policies", async () => {
    await setUp(FILES);
    await push(ALLOWED, "1.1.0");
    expect(world.sim.counts.get(TREE)).toBe(0);
    expect(world.sim.counts.get("graphql repository")).toBe(1);
    expect(recorder.depth()).toBe(3);

    recorder.reset();
    world.sim.counts.reset();
    await push(FORBIDDEN, "1.1.0");
    // View, write, labels: the same depth, with no auto-merge request beside the labels.
    expect(world.sim.counts.get(TREE)).toBe(0);
    expect(world.sim.counts.get("graphql enablePullRequestAutoMerge")).toBe(0);
    expect(recorder.depth()).toBe(3);
    expect(pullOf(FORBIDDEN).issue?.body).toContain(VIOLATION);
  });

  it("lists the policies itself when the index is behind the default branch: one more sequential request", async () => {
    await setUp(FILES);
    world.sim.human.push(world.full, "main", { "README.md": "GitOps\n" });
    await push(FORBIDDEN, "1.1.0");
    // The view read the files the index knows at the new head; only the listing is new.
    expect(world.sim.counts.get(TREE)).toBe(1);
    expect(world.sim.counts.get("graphql repository")).toBe(1);
    expect(recorder.depth()).toBe(4);
    expect(pullOf(FORBIDDEN).issue?.body).toContain(VIOLATION);
  });

  it("lists and reads the policies when the index knows none (the config named none at its head): two more", async () => {
    await setUp({ ...FILES, ".github/bumpwarden.yml": CONFIG.replace(/review:[^]*$/, "") });
    world.sim.human.push(world.full, "main", { ".github/bumpwarden.yml": CONFIG });
    await push(FORBIDDEN, "1.1.0");
    expect(world.sim.counts.get(TREE)).toBe(1);
    expect(world.sim.counts.get("graphql repository")).toBe(2); // the view, then the policy texts
    expect(recorder.depth()).toBe(5);
    expect(pullOf(FORBIDDEN).issue?.body).toContain(VIOLATION);
  });

  it("learns a policy file a push adds from the index refresh, and applies it in the view", async () => {
    await setUp({
      ".github/bumpwarden.yml": CONFIG,
      "apps/dev/worker.yaml": FILES["apps/dev/worker.yaml"],
    });
    const before = (await index.getRepo(world.installationId, world.full))?.headOid ?? "";
    const after = world.sim.human.push(world.full, "main", {
      "policies/c-0078.yaml": POLICY,
      "policies/c-0078-params.yaml": PARAMS,
    });
    await refreshIndex(world.host, index, world.installationId, world.repo, {
      before,
      after,
      changed: ["policies/c-0078-params.yaml", "policies/c-0078.yaml"],
      removed: [],
      complete: true,
    });
    expect((await index.getRepo(world.installationId, world.full))?.policies).toEqual({
      globs: ["policies/**"],
      files: ["policies/c-0078-params.yaml", "policies/c-0078.yaml"],
    });
    world.sim.counts.reset();
    recorder.reset();
    await push(FORBIDDEN, "1.1.0");
    expect(world.sim.counts.get(TREE)).toBe(0);
    expect(recorder.depth()).toBe(3);
    expect(pullOf(FORBIDDEN).issue?.body).toContain(VIOLATION);
  });
});
