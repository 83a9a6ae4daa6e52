import { afterEach, describe, expect, it } from "vitest";
import { EXAMPLE_REPO, readTree, startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";

/**
 * A job that fails after its PR was written (a 5xx on a decoration request, a lost response to
 * the write itself) runs again and finds its PR "unchanged": it must still finish the job, so the
 * PR ends with its labels and reviewers, never half-decorated.
 */
let world: AppWorld | undefined;
afterEach(async () => {
  await world?.close();
  expect(world?.github.violations).toEqual([]);
  world = undefined;
});

const files = () => {
  const tree = readTree(EXAMPLE_REPO);
  tree[".github/bumpwarden.yml"] = (tree[".github/bumpwarden.yml"] ?? "").replace(
    "pullRequests:\n",
    "pullRequests:\n  reviewers: [alice]\n",
  );
  return tree;
};

const decorations = (w: AppWorld) => {
  const repo = w.github.human.repo(w.repo);
  return [...repo.pulls.values()]
    .map((p) => ({
      head: p.head,
      labels: repo.issues.get(p.number)?.labels,
      reviewers: p.requestedReviewers,
    }))
    .sort((a, b) => a.head.localeCompare(b.head));
};

describe("a bump job that fails after writing its PR", () => {
  it.each([
    [
      "the labels request fails (502)",
      {
        route: "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
        status: 502,
        phase: "before" as const,
      },
    ],
    [
      "the reviewers request fails (503)",
      {
        route: "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
        status: 503,
        phase: "before" as const,
      },
    ],
    [
      "the response to the write is lost (500 after it took effect)",
      { route: "graphql createPullRequest", status: 500, phase: "after" as const },
    ],
  ])("%s: the retry decorates the PR it finds", async (_name, fault) => {
    world = await startAppWorld({
      Octokit: ValidatedProbotOctokit,
      files: files(),
      env: { BUMPWARDEN_JOB_RETRY_BASE_MS: "50" },
    });
    const w = world;
    w.github.human.setPermission(w.repo, "alice", "write");
    w.pushImage("acme/api", "1.8.0");
    w.github.inject.error({ ...fault, times: 1 });
    await w.notifyPush("ghcr.io/acme/api", "1.8.0");
    await w.idle();
    expect(w.github.inject.injected()).toEqual({ [`${fault.status} ${fault.phase}`]: 1 });
    expect(decorations(w)).toEqual([
      {
        head: "bumpwarden/dev/ghcr.io-acme-api",
        labels: ["dependencies", "gitops"],
        reviewers: ["alice"],
      },
      {
        head: "bumpwarden/staging/ghcr.io-acme-api",
        labels: ["dependencies", "gitops"],
        reviewers: ["alice"],
      },
    ]);
    expect(w.github.counts.get("graphql createPullRequest")).toBe(2);
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });
});

describe("a bump write that GitHub carries out only in part", () => {
  it("the branch was created but its commit failed (a transient GraphQL error): the retry finishes the PR on that branch", async () => {
    world = await startAppWorld({
      Octokit: ValidatedProbotOctokit,
      env: { BUMPWARDEN_JOB_RETRY_BASE_MS: "50" },
    });
    const w = world;
    w.pushImage("acme/api", "1.8.0");
    // GitHub runs the document's fields one by one: createRef succeeds, createCommitOnBranch fails,
    // createPullRequest then finds no commits between the branches.
    w.github.inject.fieldError({ field: "createCommitOnBranch", times: 1 });
    await w.notifyPush("ghcr.io/acme/api", "1.8.0");
    await w.idle();
    expect(w.github.inject.injected()).toEqual({ "field createCommitOnBranch": 1 });
    const repo = w.github.human.repo(w.repo);
    const pulls = [...repo.pulls.values()].map((p) => p.head).sort();
    expect(pulls).toEqual([
      "bumpwarden/dev/ghcr.io-acme-api",
      "bumpwarden/staging/ghcr.io-acme-api",
    ]);
    const branches = [...repo.refs.keys()].filter((r) => r.startsWith("refs/heads/bumpwarden/"));
    expect(branches.map((r) => r.slice("refs/heads/".length)).sort()).toEqual(pulls);
    expect(
      w.github.human.readFile(
        w.repo,
        "bumpwarden/dev/ghcr.io-acme-api",
        "apps/api/overlays/dev/kustomization.yaml",
      ),
    ).toContain('newTag: "1.8.0"');
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });
});

describe("a push to a bump branch between the bot's read and its write", () => {
  it("is never thrown away: the reset to the new base happens only from the head the bump was planned on", async () => {
    world = await startAppWorld({
      Octokit: ValidatedProbotOctokit,
      env: { BUMPWARDEN_JOB_RETRY_BASE_MS: "50" },
    });
    const w = world;
    const staging = "bumpwarden/staging/ghcr.io-acme-api";
    w.pushImage("acme/api", "1.8.0");
    await w.notifyPush("ghcr.io/acme/api", "1.8.0");
    await w.idle();
    // Someone pushes to the staging bump branch just as the bot starts writing 1.8.1 there.
    w.github.inject.conflict({ repo: w.repo, branch: staging, times: 1 });
    w.pushImage("acme/api", "1.8.1");
    await w.notifyPush("ghcr.io/acme/api", "1.8.1");
    await w.idle();
    expect(w.github.inject.injected()).toEqual({ conflict: 1 });
    const repo = w.github.human.repo(w.repo);
    const base = repo.refs.get("refs/heads/main");
    const history: string[] = [];
    for (
      let sha = repo.refs.get(`refs/heads/${staging}`);
      sha && sha !== base;
      sha = repo.git.commit(sha)?.parents[0]
    )
      history.push(repo.git.commit(sha)?.message.split("\n")[0] ?? "");
    expect(history).toEqual([
      `Concurrent change to ${staging}`,
      "chore(deps): bump acme/api to 1.8.0 in staging",
    ]);
    expect(
      w.github.human.readFile(
        w.repo,
        "bumpwarden/dev/ghcr.io-acme-api",
        "apps/api/overlays/dev/kustomization.yaml",
      ),
    ).toContain('newTag: "1.8.1"');
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });
});
