import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import type { BumpDeps } from "../../src/app/bump-repo.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { err } from "../../src/core/result.js";
import type { GitHost } from "../../src/ports/git-host.js";
import { gitopsWorld } from "../e2e/gitops-world.js";
import type { GitOpsWorld } from "../e2e/gitops-world.js";

/**
 * A bump that GitHub keeps answering "the branch moved" must fail (so the queue retries it later),
 * never end as if it had been done: that would be a lost update no retry ever replays.
 */
let world: GitOpsWorld;
let deps: BumpDeps;
beforeEach(async () => {
  world = await gitopsWorld();
  deps = {
    host: world.host,
    index: new MemoryImageIndex(),
    clock: { now: () => new Date() },
    evidence: async () => ({}),
  };
  await indexRepository(deps.host, deps.index, world.installationId, world.repo);
});
afterEach(() => world.close());

const bump = (host: GitHost) =>
  bumpRepository(
    {
      installationId: world.installationId,
      repo: world.repo,
      repository: "ghcr.io/acme/api",
      tag: "1.8.0",
      digest: null,
    },
    { ...deps, host },
  );

describe("a bump branch that keeps moving", () => {
  it("fails the job after the last attempt instead of reporting it done", async () => {
    let writes = 0;
    const moving: GitHost = Object.assign(Object.create(world.host) as GitHost, {
      writeBump: async () => {
        writes++;
        return err({
          kind: "stale-head" as const,
          message: 'Expected branch to point to "abc" but it did not.',
        });
      },
    });
    await expect(bump(moving)).rejects.toThrow(/kept moving during 3 attempts/);
    expect(writes).toBe(3);
    expect([...world.sim.human.repo("acme/gitops").pulls.values()]).toEqual([]);
  });

  it("succeeds when the branch settles before the last attempt", async () => {
    let writes = 0;
    const settling: GitHost = Object.assign(Object.create(world.host) as GitHost, {
      writeBump: async (w: Parameters<GitHost["writeBump"]>[0]) =>
        ++writes <= 2
          ? err({ kind: "stale-head" as const, message: "moved" })
          : world.host.writeBump(w),
    });
    const outcome = await bump(settling);
    expect(outcome.attempts).toBe(3);
    expect(outcome.outcomes.filter((o) => o.kind === "open").map((o) => o.environment)).toEqual([
      "dev",
      "staging",
    ]);
  });
});
