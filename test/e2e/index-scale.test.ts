import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { listAllFiles } from "../../src/adapters/github/tree-walk.js";
import { indexRepository, refreshIndex } from "../../src/app/index-repo.js";
import type { IndexedReference, RepoIndex } from "../../src/ports/image-index.js";
import { gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";
import { largeGitopsRepo } from "./large-gitops-repo.js";
import type { ExpectedReference } from "./large-gitops-repo.js";

const TREE = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
const large = largeGitopsRepo();
const reads = Math.ceil(large.candidates.length / 100);

/** The world's client fetches its installation token on first use: do that before counting. */
async function warm(world: GitOpsWorld): Promise<void> {
  await world.client.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "gitops" });
  world.sim.counts.reset();
}

const asExpected = (r: IndexedReference): ExpectedReference => ({
  file: r.file,
  line: r.line,
  kind: r.kind,
  repository: r.repository,
  tag: r.tag ?? "",
  environment: r.environment,
});
const byPlace = (a: ExpectedReference, b: ExpectedReference) =>
  a.file.localeCompare(b.file) || a.line - b.line;
const referencesOf = (repo: RepoIndex | undefined) =>
  Object.values(repo?.files ?? {})
    .flat()
    .map(asExpected)
    .sort(byPlace);

describe("indexing a 20,000-file repository", () => {
  let world: GitOpsWorld;
  const index = new MemoryImageIndex();

  beforeAll(async () => {
    expect(Object.keys(large.files)).toHaveLength(20_000);
    world = await gitopsWorld(large.files);
    await warm(world);
  });
  afterAll(async () => {
    await world.close();
  });

  it("costs 1 view + 1 tree + ceil(candidates / 100) file queries, never one per file", async () => {
    const outcome = await indexRepository(world.host, index, world.installationId, world.repo);
    expect(large.candidates.length).toBeGreaterThan(300);
    expect(outcome).toMatchObject({ filesRead: large.candidates.length, truncated: false });
    expect(world.sim.counts.snapshot()).toEqual({
      [TREE]: 1,
      "POST /graphql": 1 + reads,
      "graphql repository": 1 + reads,
      "graphql viewer": 1,
    });
    expect(world.sim.counts.total()).toBe(1 + 1 + reads);
  });

  it("finds every reference, with its line, kind and environment, and nothing else", async () => {
    const repo = await index.getRepo(world.installationId, world.full);
    expect(referencesOf(repo)).toEqual([...large.references].sort(byPlace));
    expect(repo?.headOid).toBe(world.sim.human.repo(world.full).refs.get("refs/heads/main"));
    expect(
      (await index.usages("ghcr.io/acme/app-07")).flatMap((u) =>
        u.references.map((r) => `${r.file}:${r.line}:${r.environment}`),
      ),
    ).toEqual([
      "apps/app-07/base/deployment.yaml:10:null",
      "apps/app-07/overlays/dev/kustomization.yaml:8:dev",
      "apps/app-07/overlays/prod/kustomization.yaml:8:prod",
      "apps/app-07/overlays/staging/kustomization.yaml:8:staging",
    ]);
  });

  it("refreshes a push of 3 changed manifests (modified, added, removed) with one read query", async () => {
    world.sim.counts.reset();
    const after = world.sim.human.push(world.full, "main", {
      "apps/app-03/overlays/dev/kustomization.yaml": (
        large.files["apps/app-03/overlays/dev/kustomization.yaml"] as string
      ).replace('"1.3.2"', '"1.4.0"'),
      "clusters/dev/infra/memcached.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: memcached\nspec:\n  template:\n    spec:\n      containers:\n        - name: memcached\n          image: memcached:1.6.29\n",
      "charts/web-02/values-prod.yaml": null,
    });
    // The push webhook lists added, modified and removed paths together (core/events/github-index.ts).
    const changed = [
      "apps/app-03/overlays/dev/kustomization.yaml",
      "charts/web-02/values-prod.yaml",
      "clusters/dev/infra/memcached.yaml",
    ];
    const outcome = await refreshIndex(world.host, index, world.installationId, world.repo, {
      before: (await index.getRepo(world.installationId, world.full))?.headOid ?? "",
      after,
      changed,
      removed: [],
      complete: true,
    });
    expect(outcome.headOid).toBe(after);
    expect(world.sim.counts.snapshot()).toEqual({ "POST /graphql": 1, "graphql repository": 1 });

    const repo = await index.getRepo(world.installationId, world.full);
    expect(repo?.headOid).toBe(after);
    expect(repo?.files["apps/app-03/overlays/dev/kustomization.yaml"]?.map((r) => r.tag)).toEqual([
      "1.4.0",
    ]);
    expect(repo?.files["charts/web-02/values-prod.yaml"]).toBeUndefined();
    expect(repo?.files["clusters/dev/infra/memcached.yaml"]?.map(asExpected)).toEqual([
      {
        file: "clusters/dev/infra/memcached.yaml",
        line: 10,
        kind: "container",
        repository: "docker.io/library/memcached",
        tag: "1.6.29",
        environment: "dev",
      },
    ]);
    // Everything else is as the full scan left it.
    expect(referencesOf(repo)).toHaveLength(large.references.length);
  });

  it("refreshes a push that touches no manifest without asking GitHub anything", async () => {
    world.sim.counts.reset();
    const after = world.sim.human.push(world.full, "main", {
      "services/svc-01/src/mod-1/file-1.ts": "export const value1 = 2;\n",
      "docs/section-00/page-0.md": "# Page 0\n\nUpdated.\n",
      "README.md": "# platform\n",
    });
    const changed = [
      "README.md",
      "docs/section-00/page-0.md",
      "services/svc-01/src/mod-1/file-1.ts",
    ];
    const before = referencesOf(await index.getRepo(world.installationId, world.full));
    await refreshIndex(world.host, index, world.installationId, world.repo, {
      before: (await index.getRepo(world.installationId, world.full))?.headOid ?? "",
      after,
      changed,
      removed: [],
      complete: true,
    });
    expect(world.sim.counts.total()).toBe(0);
    const repo = await index.getRepo(world.installationId, world.full);
    expect(repo?.headOid).toBe(after);
    expect(referencesOf(repo)).toEqual(before);
  });
});

describe("a tree listing GitHub truncates", () => {
  // Recursive listings stop at this many entries; the repository has ~21,000 (files and folders).
  const limit = 10_000;
  let world: GitOpsWorld;

  beforeAll(async () => {
    world = await gitopsWorld(large.files, { treeEntryLimit: limit });
    await warm(world);
  });
  afterAll(async () => {
    await world.close();
  });

  it("is completed subtree by subtree: the same index, a bounded number of tree reads", async () => {
    const index = new MemoryImageIndex();
    const outcome = await indexRepository(world.host, index, world.installationId, world.repo);
    expect(outcome).toMatchObject({ filesRead: large.candidates.length, truncated: false });
    expect(referencesOf(await index.getRepo(world.installationId, world.full))).toEqual(
      [...large.references].sort(byPlace),
    );
    // Root recursive (truncated) + root's own entries + each top-level folder recursively; only
    // `services/` (~17,000 entries) is truncated again: its own entries + each service recursively.
    expect(large.topLevelDirs).toEqual([
      ".github",
      "apps",
      "assets",
      "charts",
      "clusters",
      "docs",
      "generated",
      "services",
    ]);
    expect(world.sim.counts.get(TREE)).toBe(1 + 1 + large.topLevelDirs.length + 1 + large.services);
    expect(world.sim.counts.get("POST /graphql")).toBe(1 + reads);
  });

  it("lists exactly the files of the untruncated listing", async () => {
    const walked = await listAllFiles(world.client, world.repo, "main");
    expect(walked.truncated).toBe(false);
    expect(walked.files.map((f) => f.path)).toEqual(Object.keys(large.files).sort());
    const crds = walked.files.find((f) => f.path === "generated/crds.yaml");
    expect(crds?.size).toBe(Buffer.byteLength(large.files["generated/crds.yaml"] as string));
  });

  it("stops at its request budget and says the listing is incomplete", async () => {
    world.sim.counts.reset();
    const walked = await listAllFiles(world.client, world.repo, "main", 5);
    expect(walked).toMatchObject({ truncated: true, requests: 5 });
    expect(world.sim.counts.get(TREE)).toBe(5);
    expect(walked.files.length).toBeGreaterThan(0);
    expect(walked.files.length).toBeLessThan(20_000);
  });
});

describe("a single folder with more entries than GitHub lists", () => {
  it("is reported as truncated, with every file of the other folders", async () => {
    const files: Record<string, string> = {
      "clusters/dev/app.yaml": "image: ghcr.io/acme/api:1.0.0\n",
    };
    for (let i = 0; i < 30; i++) files[`flat/file-${i}.txt`] = `${i}\n`;
    const world = await gitopsWorld(files, { treeEntryLimit: 20 });
    try {
      const walked = await listAllFiles(world.client, world.repo, "main");
      expect(walked.truncated).toBe(true);
      expect(walked.files.map((f) => f.path)).toContain("clusters/dev/app.yaml");
      expect(walked.files.filter((f) => f.path.startsWith("flat/"))).toHaveLength(20);
    } finally {
      await world.close();
    }
  });
});
