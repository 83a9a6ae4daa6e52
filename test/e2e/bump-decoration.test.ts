import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import type { BumpDeps } from "../../src/app/bump-repo.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { exampleRepoFiles, gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";

/**
 * Labels, reviewers and auto-merge are applied in parallel; what a PR lacks is read from its state
 * in the bump's one view query. Auto-merge that GitHub refused because the PR had nothing to wait
 * for ("clean status") is asked again only once the PR waits for a check.
 */
let world: GitOpsWorld;
let deps: BumpDeps;
const DEV = "bumpwarden/dev/ghcr.io-acme-api";

beforeEach(async () => {
  const files = exampleRepoFiles();
  files[".github/bumpwarden.yml"] = (files[".github/bumpwarden.yml"] ?? "").replace(
    "pullRequests:\n",
    "pullRequests:\n  reviewers: [alice]\n",
  );
  world = await gitopsWorld(files);
  world.sim.human.setPermission(world.full, "alice", "write");
  deps = {
    host: world.host,
    index: new MemoryImageIndex(),
    clock: { now: () => new Date() },
    evidence: async () => ({}),
  };
  await indexRepository(deps.host, deps.index, world.installationId, world.repo);
});
afterEach(async () => {
  await world.close();
});

const push = (tag: string) =>
  bumpRepository(
    {
      installationId: world.installationId,
      repo: world.repo,
      repository: "ghcr.io/acme/api",
      tag,
      digest: null,
    },
    deps,
  );

const devPull = () => {
  const repo = world.sim.human.repo(world.full);
  const pull = [...repo.pulls.values()].find((p) => p.head === DEV);
  if (!pull) throw new Error("no dev PR");
  return { pull, issue: repo.issues.get(pull.number) };
};

describe("decorating bump PRs from their state", () => {
  it("does not ask for auto-merge again while GitHub would refuse it; asks once a check is pending", async () => {
    const opened = await push("1.8.0");
    expect(opened.outcomes[0]?.automerge).toMatch(/^not enabled: Pull request is in clean status/);

    world.sim.counts.reset();
    const again = await push("1.8.0");
    expect(again.outcomes.map((o) => [o.kind, o.why])).toEqual([
      ["unchanged", `#${devPull().pull.number} already proposes 1.8.0`],
      ["unchanged", expect.stringMatching(/already proposes 1\.8\.0$/)],
      ["skip", expect.any(String)],
    ]);
    expect(world.sim.counts.snapshot()).toEqual({
      "graphql viewer": 1,
      "graphql repository": 1,
      "POST /graphql": 1,
    });

    // CI starts on the PR's head: the PR now waits for it, and GitHub accepts auto-merge.
    world.sim.human.setCheckRun(world.full, DEV, { name: "ci", status: "in_progress" });
    world.sim.counts.reset();
    const pending = await push("1.8.0");
    expect(pending.outcomes[0]).toMatchObject({
      kind: "unchanged",
      why: expect.stringMatching(/; decorated again$/),
      automerge: "enabled",
    });
    expect(world.sim.counts.get("graphql enablePullRequestAutoMerge")).toBe(1);
    expect(world.sim.counts.get("POST /repos/{owner}/{repo}/issues/{issue_number}/labels")).toBe(0);
    expect(devPull().pull.autoMerge?.method).toBe("SQUASH"); // the configured default

    world.sim.counts.reset();
    await push("1.8.0");
    expect(world.sim.counts.get("graphql enablePullRequestAutoMerge")).toBe(0);
  });

  it("finishes only what a failed run left out: the reviewers, not the labels it already added", async () => {
    world.sim.inject.error({
      route: "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
      status: 503,
      phase: "before",
      times: 1,
    });
    await expect(push("1.8.0")).rejects.toThrow();
    // Labels were added beside the failed request, not after it.
    expect(devPull().issue?.labels).toEqual(["dependencies", "gitops"]);
    expect(devPull().pull.requestedReviewers).toEqual([]);

    world.sim.counts.reset();
    const retried = await push("1.8.0");
    expect(retried.outcomes.map((o) => o.kind)).toEqual(["unchanged", "open", "skip"]);
    expect(retried.outcomes[0]?.why).toMatch(/; decorated again$/);
    expect(devPull().pull.requestedReviewers).toEqual(["alice"]);
    const counts = world.sim.counts.snapshot();
    expect(counts["POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"]).toBe(2);
    // Only staging's (new PR) labels; dev's were there, and its auto-merge was refused as clean.
    expect(counts["POST /repos/{owner}/{repo}/issues/{issue_number}/labels"]).toBe(1);
    expect(counts["graphql enablePullRequestAutoMerge"]).toBeUndefined();
  });

  it("does not ask a reviewer again once they reviewed (GitHub then drops their request)", async () => {
    await push("1.8.0");
    const { pull } = devPull();
    expect(pull.requestedReviewers).toEqual(["alice"]);
    const repo = world.sim.human.repo(world.full);
    const id = world.sim.state.nextId();
    repo.reviews.set(id, {
      id,
      pullNumber: pull.number,
      user: world.sim.state.user("alice"),
      body: "looks right",
      state: "APPROVED",
      commitId: repo.refs.get(`refs/heads/${DEV}`) ?? "",
      submittedAt: world.sim.state.timestamp(),
    });
    pull.requestedReviewers = [];
    world.sim.counts.reset();
    expect((await push("1.8.0")).outcomes[0]).toMatchObject({ kind: "unchanged" });
    expect(
      world.sim.counts.get("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ).toBe(0);
    // Had nobody reviewed (nor been asked), the dev PR's request would be made again.
    repo.reviews.delete(id);
    world.sim.counts.reset();
    await push("1.8.0");
    expect(
      world.sim.counts.get("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ).toBe(1);
    expect(pull.requestedReviewers).toEqual(["alice"]);
  });

  it("opens the PR when GitHub refuses a reviewer for good: the others are asked, the refusal reported", async () => {
    world.sim.human.push(
      world.full,
      "main",
      {
        ".github/bumpwarden.yml": (
          world.sim.human.readFile(world.full, "main", ".github/bumpwarden.yml") ?? ""
        ).replace("reviewers: [alice]", "reviewers: [alice, mallory]"),
      },
      { author: "octocat" },
    );
    world.sim.counts.reset();
    const opened = await push("1.8.0");
    expect(opened.outcomes.map((o) => o.kind)).toEqual(["open", "open", "skip"]);
    // mallory is not a collaborator: GitHub refuses the pair with a 422, then each is asked alone.
    expect(opened.outcomes[0]?.refusedReviewers).toEqual([
      {
        reviewer: "mallory",
        reason: expect.stringMatching(/only be requested from collaborators/),
      },
    ]);
    expect(devPull().pull.requestedReviewers).toEqual(["alice"]);
    expect(devPull().issue?.labels).toEqual(["dependencies", "gitops"]);
    expect(
      world.sim.counts.get("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ).toBe(2 * 3); // dev and staging: the pair, then alice and mallory alone

    // A server error is not a refusal: the bump fails, for the queue to retry.
    world.sim.inject.error({
      route: "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
      status: 502,
      times: 2,
    });
    devPull().pull.requestedReviewers = [];
    await expect(push("1.8.0")).rejects.toThrow();
  });
});
