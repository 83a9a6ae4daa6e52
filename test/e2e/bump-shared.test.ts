import { afterEach, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { exampleRepoFiles, gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";

/**
 * A values file that both dev and prod deploy, whose image sits behind a YAML anchor that other
 * keys alias: a dev bump must not change it (that would ship to prod without its gates), and the
 * PR must say why.
 */
const SHARED = "apps/shared/values.yaml";
const VALUES = [
  "api: &api",
  "  image:",
  "    repository: ghcr.io/acme/api",
  '    tag: "1.7.2"',
  "worker: *api",
  "",
].join("\n");

let world: GitOpsWorld;
afterEach(async () => {
  await world.close();
});

describe("an image behind an anchor in a file two environments share", () => {
  it("is reported in the dev PR and left alone, so prod is not bumped on the side", async () => {
    const files = exampleRepoFiles();
    files[SHARED] = VALUES;
    files[".github/bumpwarden.yml"] = (files[".github/bumpwarden.yml"] ?? "")
      .replace('"apps/web/values-dev.yaml"]', `"apps/web/values-dev.yaml", "apps/shared/**"]`)
      .replace('"clusters/prod/**"]', `"clusters/prod/**", "apps/shared/**"]`);
    world = await gitopsWorld(files);
    const index = new MemoryImageIndex();
    const deps = { host: world.host, index, clock: { now: () => new Date() } };
    await indexRepository(world.host, index, world.installationId, world.repo);
    const outcome = await bumpRepository(
      {
        installationId: world.installationId,
        repo: world.repo,
        repository: "ghcr.io/acme/api",
        tag: "1.8.0",
        digest: null,
      },
      { ...deps, evidence: async () => ({}) },
    );
    expect(outcome.outcomes.map((o) => [o.environment, o.kind])).toEqual([
      ["dev", "open"],
      ["staging", "open"],
      ["prod", "skip"],
    ]);
    const dev = "bumpwarden/dev/ghcr.io-acme-api";
    expect(world.sim.human.readFile(world.full, dev, SHARED)).toBe(VALUES);
    expect(
      world.sim.human.readFile(world.full, dev, "apps/api/overlays/dev/kustomization.yaml"),
    ).toContain('newTag: "1.8.0"');
    const repo = world.sim.human.repo(world.full);
    const pull = [...repo.pulls.values()].find((p) => p.head === dev);
    const body = repo.issues.get(pull?.number ?? 0)?.body ?? "";
    expect(body).toMatch(/> \[!WARNING\]\n> apps\/shared\/values\.yaml:\d* .*dev.*prod/);
    // Nothing anywhere wrote the shared file.
    for (const branch of ["main", dev, "bumpwarden/staging/ghcr.io-acme-api"])
      expect(world.sim.human.readFile(world.full, branch, SHARED)).toBe(VALUES);
  });
});
