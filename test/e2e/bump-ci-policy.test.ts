import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pushImage } from "../../sim/registry/images.js";
import { startRegistrySimulator } from "../../sim/registry/server.js";
import type { RegistrySimulator } from "../../sim/registry/server.js";
import { GitHubSourceHistory } from "../../src/adapters/github/compare.js";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { createCredentialStore, createRegistryClient } from "../../src/adapters/registry/index.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import type { BumpDeps, BumpRequest } from "../../src/app/bump-repo.js";
import { gatherEvidence } from "../../src/app/image-evidence.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { reconcileIndex } from "../../src/app/reconcile.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import { systemClock } from "../../src/ports/clock.js";
import type { Registry } from "../../src/ports/registry.js";
import { exampleRepoFiles, gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";

/**
 * `images[].policy: { ci: "sha-{short_sha}" }` end to end: the source repository `acme/api` holds
 * the commits, the stand-in registry holds `ghcr.io/acme/api:sha-<short>` images labelled with
 * their source and revision, and the bump orders tags by GitHub's compare API on `acme/api`
 * through the installation's client, never by their text.
 */
let registrySim: RegistrySimulator;
let registry: Registry;
let world: GitOpsWorld;
let deps: BumpDeps;
/** Commits of acme/api's main branch, oldest first. */
let commits: string[];

beforeAll(async () => {
  registrySim = await startRegistrySimulator();
  registry = createRegistryClient({
    credentials: createCredentialStore({}, []),
    clock: systemClock,
    insecureHosts: [registrySim.host],
    mirrors: { "ghcr.io": registrySim.host },
    ttlMs: 0,
  });
});
afterAll(() => registrySim.close());

const short = (sha: string) => sha.slice(0, 7);
const tagOf = (sha: string) => `sha-${short(sha)}`;

/** Builds (pushes) the image of a commit, as CI would: labelled with its source and revision. */
function build(sha: string, created: string, source = "https://github.com/acme/api"): string {
  return pushImage(registrySim.store, "acme/api", tagOf(sha), {
    labels: {
      "org.opencontainers.image.source": source,
      "org.opencontainers.image.revision": sha,
    },
    created,
    layer: `api at ${sha}`,
  });
}

async function start(deployed: (commits: string[]) => string): Promise<void> {
  world = await gitopsWorld(exampleRepoFiles());
  world.sim.human.createRepo({ owner: "acme", name: "api", files: { "main.go": "v0\n" } });
  commits = [1, 2, 3, 4].map((n) =>
    world.sim.human.push("acme/api", "main", { "main.go": `v${n}\n` }, { message: `change ${n}` }),
  );
  const tag = tagOf(deployed(commits));
  const files: Record<string, string> = {};
  for (const env of ["dev", "staging", "prod"]) {
    const path = `apps/api/overlays/${env}/kustomization.yaml`;
    files[path] = (world.sim.human.readFile(world.full, "main", path) ?? "").replace(
      /newTag: "[^"]+"/,
      `newTag: "${tag}"`,
    );
  }
  const config = world.sim.human.readFile(world.full, "main", ".github/bumpwarden.yml") ?? "";
  files[".github/bumpwarden.yml"] = config.replace(
    'policy: { semver: ">=1.0.0 <2.0.0" }',
    'policy: { ci: "sha-{short_sha}" }',
  );
  world.sim.human.push(world.full, "main", files, { message: "use CI tags" });
  deps = {
    host: world.host,
    index: new MemoryImageIndex(),
    clock: { now: () => new Date() },
    evidence: (request) => gatherEvidence(registry, request),
    history: new GitHubSourceHistory(world.client),
  };
  await indexRepository(deps.host, deps.index, world.installationId, world.repo);
}

const bump = (sha: string, extra: Partial<BumpRequest> = {}) =>
  bumpRepository(
    {
      installationId: world.installationId,
      repo: world.repo,
      repository: "ghcr.io/acme/api",
      tag: tagOf(sha),
      digest: null,
      ...extra,
    },
    deps,
  );

const openPulls = () =>
  [...world.sim.human.repo(world.full).issues.values()].filter(
    (i) => i.isPull && i.state === "open",
  );
const kinds = (o: Awaited<ReturnType<typeof bump>>) =>
  o.outcomes.map((x) => [x.environment, x.kind]);

afterEach(async () => {
  await world.close();
});

describe("ci tag policy ordered by the source repository's commits", () => {
  it("proposes sha-<new> over sha-<old> when the new commit is ahead, and says how it knows", async () => {
    await start((c) => c[1] as string);
    const [, c2, c3] = commits as [string, string, string, string];
    build(c2, "2026-11-01T00:00:00Z");
    build(c3, "2026-11-02T00:00:00Z");
    world.sim.counts.reset();
    const outcome = await bump(c3);
    expect(kinds(outcome)).toEqual([
      ["dev", "open"],
      ["staging", "open"],
      ["prod", "skip"],
    ]);
    // One comparison for the tag dev and staging both run, on acme/api.
    expect(world.sim.counts.get("GET /repos/{owner}/{repo}/compare/{basehead}")).toBe(1);
    const dev = openPulls().find((p) => p.title.endsWith("in dev"));
    expect(dev?.title).toBe(`chore(deps): bump acme/api to ${tagOf(c3)} in dev`);
    expect(dev?.body).toContain(
      `Commit order: ${tagOf(c3)} is 1 commit ahead of ${tagOf(c2)} in acme/api (GitHub compare).`,
    );
    expect(
      world.sim.human.readFile(
        world.full,
        "bumpwarden/dev/ghcr.io-acme-api",
        "apps/api/overlays/dev/kustomization.yaml",
      ),
    ).toContain(`newTag: "${tagOf(c3)}"`);
  });

  it("refuses an older build delivered late, against what is deployed and against the open PR", async () => {
    await start((c) => c[1] as string);
    const [c1, c2, c3, c4] = commits as [string, string, string, string];
    // c1 is older but its image was built last (a re-run): its creation time must not win.
    build(c1, "2026-11-09T00:00:00Z");
    build(c2, "2026-11-01T00:00:00Z");
    build(c3, "2026-11-03T00:00:00Z");
    build(c4, "2026-11-04T00:00:00Z");
    expect(kinds(await bump(c4))).toEqual([
      ["dev", "open"],
      ["staging", "open"],
      ["prod", "skip"],
    ]);

    const late = await bump(c1);
    expect(late.outcomes.find((o) => o.environment === "dev")).toMatchObject({
      kind: "skip",
      state: "policy",
      why: expect.stringContaining(
        `Commit order: ${tagOf(c1)} is 1 commit behind ${tagOf(c2)} in acme/api (GitHub compare), an older build delivered late.`,
      ),
    });
    expect(late.outcomes.find((o) => o.environment === "dev")?.why).toMatch(
      new RegExp(`^${tagOf(c2)} stays`),
    );

    // c3 is newer than what runs, but older than the PR already proposes: the PR is not moved back.
    const between = await bump(c3);
    expect(between.outcomes.find((o) => o.environment === "dev")).toMatchObject({
      kind: "skip",
      why: expect.stringMatching(`already proposes ${tagOf(c4)}, newer than ${tagOf(c3)}`),
    });
    expect(openPulls().map((p) => parseMarker(p.body)?.tag)).toEqual([tagOf(c4), tagOf(c4)]);
  });

  it("refuses commits that diverged (another branch), with GitHub's counts", async () => {
    await start((c) => c[3] as string);
    const side = world.sim.human.push(
      "acme/api",
      "experiment",
      { "main.go": "side\n" },
      { from: commits[1] as string },
    );
    build(commits[3] as string, "2026-11-04T00:00:00Z");
    build(side, "2026-11-05T00:00:00Z");
    const outcome = await bump(side);
    expect(outcome.outcomes[0]).toMatchObject({
      environment: "dev",
      kind: "skip",
      state: "policy",
      why: `${tagOf(side)} and ${tagOf(commits[3] as string)} cannot be ordered by commit: their commits have diverged in acme/api (GitHub compare): 1 commit ahead and 2 commits behind, so neither is newer. bumpwarden does not guess.`,
    });
    expect(openPulls()).toEqual([]);
  });

  it("falls back to the images' creation times when the installation cannot read the source, and says so", async () => {
    await start((c) => c[1] as string);
    const [c1, c2, c3] = commits as [string, string, string, string];
    const elsewhere = "https://github.com/elsewhere/api";
    build(c1, "2026-11-01T00:00:00Z", elsewhere);
    build(c2, "2026-11-02T00:00:00Z", elsewhere);
    build(c3, "2026-11-03T00:00:00Z", elsewhere);
    const newer = await bump(c3, { only: ["dev"] });
    expect(kinds(newer)).toEqual([["dev", "open"]]);
    const dev = openPulls()[0];
    expect(dev?.body).toContain(
      `Ordered by the images' creation times (${tagOf(c3)} 2026-11-03T00:00:00Z, ${tagOf(c2)} 2026-11-02T00:00:00Z), not by commits: GitHub answered 404 comparing ${c2.slice(0, 12)}...${c3.slice(0, 12)} in elsewhere/api: the installation cannot read it, or a commit is not in it.`,
    );
    const older = await bump(c1, { only: ["staging"] });
    expect(older.outcomes[0]).toMatchObject({
      kind: "skip",
      state: "policy",
      why: expect.stringContaining("Ordered by the images' creation times"),
    });
  });

  it("reconcile proposes the newest build on the source's default branch, by commit", async () => {
    await start((c) => c[0] as string);
    for (const [i, sha] of commits.entries()) build(sha, `2026-11-0${9 - i}T00:00:00Z`);
    const due = await reconcileIndex(
      deps.index,
      registry,
      async () => new GitHubSourceHistory(world.client),
    );
    expect(due).toEqual([
      {
        installationId: world.installationId,
        repo: world.full,
        requests: [
          {
            repository: "ghcr.io/acme/api",
            tag: tagOf(commits[3] as string),
            only: ["dev", "staging"],
            why: `the registry has ${tagOf(commits[3] as string)} (commit order from GitHub's compare API on acme/api, ${short(commits[0] as string)}...HEAD)`,
          },
        ],
        // The example's web chart falls under the same rule, but still runs a version: said, not guessed.
        skipped: [
          {
            repository: "ghcr.io/acme/web",
            why: 'ghcr.io/acme/web follows a ci policy ordered by commit, but no deployed tag matches "sha-{short_sha}"; not reconciled (its pushes still bump it)',
          },
        ],
      },
    ]);
  });
});
