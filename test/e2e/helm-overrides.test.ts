import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import { indexRepository, refreshIndex } from "../../src/app/index-repo.js";
import type { ImageIndex } from "../../src/ports/image-index.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import { readTree, startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";

/** A Helm chart whose environment files set only the tag (test/fixtures/helm-overrides/README.md). */
const FILES = readTree(new URL("../fixtures/helm-overrides/", import.meta.url).pathname);
const PROD = "charts/api/values-prod.yaml";
const STAGING = "charts/api/values-staging.yaml";
const BASE = "charts/api/values.yaml";

describe("the whole app on a chart with tag-only environment files", () => {
  let world: AppWorld;
  beforeEach(async () => {
    world = await startAppWorld({ Octokit: ValidatedProbotOctokit, files: FILES });
  });
  afterEach(async () => {
    await world.close();
    expect(world.github.violations).toEqual([]);
    expect(world.github.unhandled).toEqual([]);
    expect(world.github.crashes).toEqual([]);
  });

  const pulls = () =>
    [...world.github.human.repo("acme/gitops").issues.values()]
      .filter((i) => i.isPull && i.state === "open")
      .map((i) => ({ title: i.title, tag: parseMarker(i.body)?.tag }))
      .sort((a, b) => (a.title < b.title ? -1 : 1));
  const read = (branch: string, path: string) =>
    world.github.human.readFile("acme/gitops", branch, path);

  it("turns an image push into one PR per environment whose override file holds the tag", async () => {
    world.pushImage("acme/api", "1.4.0");
    expect((await world.notifyPush("ghcr.io/acme/api", "1.4.0")).status).toBe(202);
    await world.idle();
    expect(pulls()).toEqual([
      { title: "chore(deps): bump acme/api to 1.4.0 in prod", tag: "1.4.0" },
      { title: "chore(deps): bump acme/api to 1.4.0 in staging", tag: "1.4.0" },
    ]);
    for (const [env, path, from, to] of [
      ["prod", PROD, 'tag: "1.2.3"', 'tag: "1.4.0"'],
      ["staging", STAGING, "tag: 1.3.0-rc.1", "tag: 1.4.0"],
    ] as const) {
      const branch = `bumpwarden/${env}/ghcr.io-acme-api`;
      // Only the override's tag bytes change; the chart default and the other environment stay.
      expect(read(branch, path)).toBe(FILES[path]?.replace(from, to));
      for (const other of [BASE, PROD, STAGING].filter((p) => p !== path))
        expect(read(branch, other)).toBe(FILES[other]);
    }
  });

  it("keeps the resolution right when a push changes only the override, then only the base", async () => {
    const main = () => world.github.human.repo("acme/gitops").refs.get("refs/heads/main") ?? "";
    const deliverPush = (before: string, after: string, modified: string[]) =>
      world.deliver("push", {
        ref: "refs/heads/main",
        before,
        after,
        repository: {
          full_name: "acme/gitops",
          name: "gitops",
          default_branch: "main",
          owner: { login: "acme", name: "acme" },
        },
        installation: { id: world.installationId },
        commits: [{ added: [], modified, removed: [] }],
        sender: { login: "octocat", type: "User" },
      });
    const indexed = async (path: string) =>
      (await world.app.index.getRepo(world.installationId, "acme/gitops"))?.files[path]?.map(
        (r) => [r.repository, r.tag, r.environment],
      );

    // A person pins prod by hand: the override alone changes; it is read with its base.
    let before = main();
    let after = world.github.human.push("acme/gitops", "main", {
      [PROD]: (FILES[PROD] ?? "").replace('"1.2.3"', '"1.3.5"'),
    });
    await deliverPush(before, after, [PROD]);
    await world.idle();
    expect(await indexed(PROD)).toEqual([
      ["ghcr.io/acme/api", "1.3.5", "prod"],
      ["ghcr.io/acme/api-migrations", "1.2.3", "prod"],
    ]);

    // The chart moves its image: only the base changes, and both overrides follow it.
    before = main();
    after = world.github.human.push("acme/gitops", "main", {
      [BASE]: (FILES[BASE] ?? "").replace("ghcr.io/acme/api\n", "ghcr.io/acme/api-server\n"),
    });
    await deliverPush(before, after, [BASE]);
    await world.idle();
    expect(await indexed(PROD)).toEqual([
      ["ghcr.io/acme/api-server", "1.3.5", "prod"],
      ["ghcr.io/acme/api-migrations", "1.2.3", "prod"],
    ]);
    expect(await indexed(STAGING)).toEqual([["ghcr.io/acme/api-server", "1.3.0-rc.1", "staging"]]);
    expect((await world.app.index.usages("ghcr.io/acme/api")).flatMap((u) => u.references)).toEqual(
      [],
    );

    world.pushImage("acme/api-server", "1.4.0");
    await world.notifyPush("ghcr.io/acme/api-server", "1.4.0");
    await world.idle();
    expect(pulls().map((p) => p.title)).toEqual([
      "chore(deps): bump acme/api-server to 1.4.0 in prod",
      "chore(deps): bump acme/api-server to 1.4.0 in staging",
    ]);
    expect(read("bumpwarden/prod/ghcr.io-acme-api-server", PROD)).toBe(
      (FILES[PROD] ?? "").replace('"1.2.3"', '"1.4.0"'),
    );
  });
});

describe("index refresh of override and base values files", () => {
  let world: GitOpsWorld;
  let index: ImageIndex;
  beforeEach(async () => {
    world = await gitopsWorld(FILES);
    index = new MemoryImageIndex();
    await indexRepository(world.host, index, world.installationId, world.repo);
  });
  afterEach(async () => {
    await world.close();
  });

  const refresh = async (files: Record<string, string | null>, changed: string[]) => {
    const before = world.sim.human.repo("acme/gitops").refs.get("refs/heads/main") ?? "";
    const after = world.sim.human.push("acme/gitops", "main", files);
    world.sim.counts.reset();
    const outcome = await refreshIndex(world.host, index, world.installationId, world.repo, {
      before,
      after,
      changed,
      removed: [],
      complete: true,
    });
    return { outcome, counts: world.sim.counts.snapshot() };
  };
  const refs = async (path: string) =>
    (await index.getRepo(world.installationId, "acme/gitops"))?.files[path]?.map((r) => [
      r.repository,
      r.tag,
      r.base,
    ]);

  it("indexes overrides with their base on a full build", async () => {
    expect(await refs(STAGING)).toEqual([["ghcr.io/acme/api", "1.3.0-rc.1", BASE]]);
    expect(await refs("charts/worker/values/prod.yaml")).toEqual([
      ["ghcr.io/acme/worker", "3.0.9", "charts/worker/values.yaml"],
    ]);
  });

  it("reads the base with a changed override, without a tree read", async () => {
    const { outcome, counts } = await refresh({ [STAGING]: "image:\n  tag: 1.3.0\n" }, [STAGING]);
    expect(await refs(STAGING)).toEqual([["ghcr.io/acme/api", "1.3.0", BASE]]);
    expect(outcome.filesRead).toBe(3); // the override, values.yaml and the absent values.yml
    expect(counts["GET /repos/{owner}/{repo}/git/trees/{tree_sha}"]).toBeUndefined();
  });

  it("finds a new override file through its base", async () => {
    await refresh({ "charts/api/values-dev.yaml": "image:\n  tag: 1.5.0-dev.3\n" }, [
      "charts/api/values-dev.yaml",
    ]);
    expect(await refs("charts/api/values-dev.yaml")).toEqual([
      ["ghcr.io/acme/api", "1.5.0-dev.3", BASE],
    ]);
  });

  it("re-resolves every override when only the base changes, with one tree read", async () => {
    const moved = (FILES[BASE] ?? "").replace("ghcr.io/acme/api\n", "ghcr.io/acme/api-server\n");
    const { counts } = await refresh({ [BASE]: moved }, [BASE]);
    expect(counts["GET /repos/{owner}/{repo}/git/trees/{tree_sha}"]).toBe(1);
    expect(await refs(PROD)).toEqual([
      ["ghcr.io/acme/api-server", "1.2.3", BASE],
      ["ghcr.io/acme/api-migrations", "1.2.3", BASE],
    ]);
    expect(await refs(STAGING)).toEqual([["ghcr.io/acme/api-server", "1.3.0-rc.1", BASE]]);
    // The other chart's overrides are not its overrides: untouched.
    expect(await refs("charts/worker/values/prod.yaml")).toEqual([
      ["ghcr.io/acme/worker", "3.0.9", "charts/worker/values.yaml"],
    ]);
  });

  it("forgets the overrides' references when their base is removed", async () => {
    await refresh({ "charts/worker/values.yaml": null }, ["charts/worker/values.yaml"]);
    expect(await refs("charts/worker/values/prod.yaml")).toBeUndefined();
    expect(await refs("charts/worker/values/staging.yaml")).toBeUndefined();
    expect(await refs(PROD)).toHaveLength(2);
  });
});

describe("a bump PR for an override whose base names the repository only with it", () => {
  it("reads the base with the override, though the base alone holds no reference", async () => {
    const proxy = {
      "charts/proxy/values.yaml":
        "proxy:\n  repository: ghcr.io/acme/proxy\n  pullPolicy: Always\n",
      "charts/proxy/values-prod.yaml": "proxy:\n  tag: 0.9.0 # prod\n",
    };
    const world = await gitopsWorld({ ...FILES, ...proxy });
    try {
      const index = new MemoryImageIndex();
      await indexRepository(world.host, index, world.installationId, world.repo);
      const usages = await index.usages("ghcr.io/acme/proxy");
      expect(usages.flatMap((u) => u.references.map((r) => [r.file, r.base]))).toEqual([
        ["charts/proxy/values-prod.yaml", "charts/proxy/values.yaml"],
      ]);
      const outcome = await bumpRepository(
        {
          installationId: world.installationId,
          repo: world.repo,
          repository: "ghcr.io/acme/proxy",
          tag: "1.0.0",
          digest: null,
        },
        {
          host: world.host,
          index,
          clock: { now: () => new Date() },
          evidence: async () => ({}),
        },
      );
      expect(outcome.outcomes.map((o) => [o.environment, o.kind])).toEqual([["prod", "open"]]);
      expect(
        world.sim.human.readFile(
          "acme/gitops",
          "bumpwarden/prod/ghcr.io-acme-proxy",
          "charts/proxy/values-prod.yaml",
        ),
      ).toBe("proxy:\n  tag: 1.0.0 # prod\n");
    } finally {
      await world.close();
    }
  });
});
