import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { appliedConfig } from "../../src/adapters/github/config-loader.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import type { BumpDeps } from "../../src/app/bump-repo.js";
import { indexRepository, refreshIndex } from "../../src/app/index-repo.js";
import { parseMarker } from "../../src/core/pr/marker.js";
import { gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";

let world: GitOpsWorld;
let deps: BumpDeps;
const now = { value: new Date() };

beforeEach(async () => {
  // The app's clock starts at the simulator's (real) time; a test moves it forward to end a soak.
  now.value = new Date();
  world = await gitopsWorld();
  deps = {
    host: world.host,
    index: new MemoryImageIndex(),
    clock: { now: () => now.value },
    evidence: async () => ({}),
  };
  await indexRepository(deps.host, deps.index, world.installationId, world.repo);
});
afterEach(async () => {
  await world.close();
});

const push = (tag: string, extra: Partial<Parameters<typeof bumpRepository>[0]> = {}) =>
  bumpRepository(
    {
      installationId: world.installationId,
      repo: world.repo,
      repository: "ghcr.io/acme/api",
      tag,
      digest: null,
      ...extra,
    },
    deps,
  );

function openPulls() {
  return [...world.sim.human.repo("acme/gitops").issues.values()].filter(
    (i) => i.isPull && i.state === "open",
  );
}

describe("bump PRs on the GitHub simulator", () => {
  it("opens verified one-commit PRs for dev and staging, not prod, in three round trips each", async () => {
    world.sim.counts.reset();
    const outcome = await push("1.8.0");
    expect(outcome.outcomes.map((o) => [o.environment, o.kind])).toEqual([
      ["dev", "open"],
      ["staging", "open"],
      ["prod", "skip"],
    ]);
    const pulls = openPulls();
    expect(pulls.map((p) => p.title).sort()).toEqual([
      "chore(deps): bump acme/api to 1.8.0 in dev",
      "chore(deps): bump acme/api to 1.8.0 in staging",
    ]);
    const staging = world.sim.human.readFile(
      "acme/gitops",
      "bumpwarden/staging/ghcr.io-acme-api",
      "apps/api/overlays/staging/kustomization.yaml",
    );
    const base = world.sim.human.readFile(
      "acme/gitops",
      "main",
      "apps/api/overlays/staging/kustomization.yaml",
    );
    expect(staging).toBe(base?.replace('newTag: "1.7.1"', 'newTag: "1.8.0"'));
    // One read for the repository, then per PR one mutation document (branch + verified commit +
    // PR) and one decoration step (labels, and auto-merge for dev, in parallel): 6 requests for 2 PRs.
    expect(world.sim.counts.snapshot()).toEqual({
      "graphql viewer": 1,
      "graphql repository": 1,
      "graphql createRef": 2,
      "graphql createCommitOnBranch": 2,
      "graphql createPullRequest": 2,
      "graphql enablePullRequestAutoMerge": 1,
      "POST /graphql": 4,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": 2,
    });
    expect(outcome.outcomes[0]?.automerge).toMatch(/^not enabled: Pull request is in clean status/);
  });

  it("updates the same PRs for a newer tag instead of opening new ones", async () => {
    await push("1.8.0");
    const before = openPulls()
      .map((p) => p.number)
      .sort();
    const outcome = await push("1.8.1");
    expect(outcome.outcomes.filter((o) => o.kind === "update")).toHaveLength(2);
    const after = openPulls();
    expect(after.map((p) => p.number).sort()).toEqual(before);
    expect(after.map((p) => parseMarker(p.body)?.tag)).toEqual(["1.8.1", "1.8.1"]);
  });

  it("is a no-op when the same push arrives twice", async () => {
    await push("1.8.0");
    world.sim.counts.reset();
    const again = await push("1.8.0");
    expect(again.outcomes.map((o) => o.kind)).toEqual(["unchanged", "unchanged", "skip"]);
    expect(openPulls()).toHaveLength(2);
  });
});

describe("promotion, declined versions and races", () => {
  const staging = "bumpwarden/staging/ghcr.io-acme-api";

  it("opens the prod PR once the staging PR merged with green checks and soaked", async () => {
    await push("1.8.0");
    const stagingPr = openPulls().find((p) => p.title.endsWith("in staging"));
    if (!stagingPr) throw new Error("no staging PR");
    const mergeSha = world.sim.human.mergePullRequest("acme/gitops", stagingPr.number, {
      method: "squash",
    });
    expect((await push("1.8.0")).outcomes.find((o) => o.environment === "prod")).toMatchObject({
      kind: "skip",
      why: expect.stringMatching(/waiting for staging's checks/),
    });
    world.sim.human.setCheckRun("acme/gitops", mergeSha, {
      name: "ci",
      status: "completed",
      conclusion: "success",
    });
    const soaking = await push("1.8.0");
    expect(soaking.outcomes.find((o) => o.environment === "prod")).toMatchObject({
      kind: "skip",
      readyAt: expect.any(String),
    });
    now.value = new Date(now.value.getTime() + 2 * 3_600_000);
    // Index refresh after the merge is what the push webhook does; the prod plan reads files anew anyway.
    const promoted = await push("1.8.0");
    expect(promoted.outcomes.map((o) => [o.environment, o.kind])).toEqual([
      ["dev", "unchanged"],
      ["staging", "skip"],
      ["prod", "open"],
    ]);
    expect(
      world.sim.human.readFile(
        "acme/gitops",
        "bumpwarden/prod/ghcr.io-acme-api",
        "apps/api/overlays/prod/kustomization.yaml",
      ),
    ).toContain('newTag: "1.8.0"');
    expect(
      world.sim.human.readFile(
        "acme/gitops",
        staging,
        "apps/api/overlays/staging/kustomization.yaml",
      ),
    ).toContain('newTag: "1.8.0"');
  });

  it("does not propose a version again after its PR was closed without merging", async () => {
    await push("1.8.0");
    const dev = openPulls().find((p) => p.title.endsWith("in dev"));
    if (!dev) throw new Error("no dev PR");
    world.sim.human.closePullRequest("acme/gitops", dev.number);
    const again = await push("1.8.0");
    expect(again.outcomes[0]).toMatchObject({
      environment: "dev",
      kind: "skip",
      why: expect.stringMatching(`#${dev.number}`),
    });
    expect(openPulls().filter((p) => p.title.endsWith("in dev"))).toHaveLength(0);
    // A newer version is proposed again, on a fresh PR.
    const newer = await push("1.8.1");
    expect(newer.outcomes[0]).toMatchObject({ environment: "dev", kind: "open" });
  });

  it("makes exactly one PR and one commit per environment when the same event races itself", async () => {
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => push("1.8.0")));
    expect(openPulls()).toHaveLength(2);
    for (const env of ["dev", "staging"]) {
      const branch = `bumpwarden/${env}/ghcr.io-acme-api`;
      const head = world.sim.human.repo("acme/gitops").refs.get(`refs/heads/${branch}`) ?? "";
      const commit = world.sim.human.repo("acme/gitops").git.commit(head);
      const main = world.sim.human.repo("acme/gitops").refs.get("refs/heads/main");
      expect(commit?.parents).toEqual([main]);
    }
    expect(outcomes.flatMap((o) => o.outcomes).filter((o) => o.kind === "open")).toHaveLength(2);
  });

  it("never overwrites a human's concurrent push to a bump branch, and says so", async () => {
    await push("1.8.0");
    // The person pushes between bumpwarden's reset of the branch and its commit.
    world.sim.inject.conflict({ repo: "acme/gitops", branch: staging, times: 1, skip: 1 });
    const outcome = await push("1.8.1");
    expect(outcome.attempts).toBe(2);
    expect(outcome.outcomes.find((o) => o.environment === "staging")).toMatchObject({
      kind: "skip",
      why: expect.stringMatching(/concurrent-pusher/),
    });
    const head = world.sim.human.repo("acme/gitops").refs.get(`refs/heads/${staging}`) ?? "";
    expect(world.sim.human.repo("acme/gitops").git.commit(head)?.message).toMatch(
      /^Concurrent change/,
    );
  });
});

describe("index refresh on push", () => {
  it("rebuilds when a push arrives with a gap (a lost or late delivery) and ignores a replay", async () => {
    const known = await deps.index.getRepo(world.installationId, "acme/gitops");
    const first = world.sim.human.push("acme/gitops", "main", {
      "apps/web/values-dev.yaml": "image:\n  repository: ghcr.io/acme/web\n  tag: 2.4.0\n",
    });
    const second = world.sim.human.push("acme/gitops", "main", {
      "apps/web/values-staging.yaml": "image:\n  repository: ghcr.io/acme/web\n  tag: 2.4.0\n",
    });
    // Only the second push is delivered: its `before` is not the index's head, so the whole repository is read again.
    world.sim.counts.reset();
    await refreshIndex(deps.host, deps.index, world.installationId, world.repo, {
      before: first,
      after: second,
      changed: ["apps/web/values-staging.yaml"],
      removed: [],
      complete: true,
    });
    expect(world.sim.counts.snapshot()["GET /repos/{owner}/{repo}/git/trees/{tree_sha}"]).toBe(1);
    const tags = (path: string) =>
      deps.index
        .getRepo(world.installationId, "acme/gitops")
        .then((r) => r?.files[path]?.map((x) => x.tag));
    expect(await tags("apps/web/values-dev.yaml")).toEqual(["2.4.0"]);
    expect(await tags("apps/web/values-staging.yaml")).toEqual(["2.4.0"]);
    expect(known?.headOid).not.toBe(second);
    // The late first push, replayed now, changes nothing and costs nothing.
    world.sim.counts.reset();
    await refreshIndex(deps.host, deps.index, world.installationId, world.repo, {
      before: known?.headOid ?? "",
      after: second,
      changed: ["apps/web/values-dev.yaml"],
      removed: [],
      complete: true,
    });
    expect(world.sim.counts.snapshot()).toEqual({});
  });
});

describe("configuration as the app applies it", () => {
  it("follows _extends to the organization's .github repository", async () => {
    world.sim.human.createRepo({
      owner: "acme",
      name: ".github",
      files: {
        ".github/bumpwarden.yml": "pullRequests:\n  labels: [from-org]\n  commitScope: gitops\n",
      },
    });
    const own = world.sim.human.readFile("acme/gitops", "main", ".github/bumpwarden.yml") ?? "";
    world.sim.human.push("acme/gitops", "main", {
      ".github/bumpwarden.yml": `_extends: .github\n${own.replace(/pullRequests:\n(?: {2}.*\n)+/, "")}`,
    });
    await indexRepository(deps.host, deps.index, world.installationId, world.repo);
    const outcome = await bumpRepository(
      {
        installationId: world.installationId,
        repo: world.repo,
        repository: "ghcr.io/acme/api",
        tag: "1.8.0",
        digest: null,
      },
      { ...deps, config: appliedConfig(world.client) },
    );
    expect(outcome.configError).toBeUndefined();
    const dev = openPulls().find((p) => p.title.includes("in dev"));
    expect(dev?.title).toBe("chore(gitops): bump acme/api to 1.8.0 in dev");
    expect(dev?.labels).toEqual(["from-org"]);
  });
});
