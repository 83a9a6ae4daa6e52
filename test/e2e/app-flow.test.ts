import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseMarker } from "../../src/core/pr/marker.js";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { reconcileJob } from "../../src/drivers/http/jobs.js";
import { readFileSync } from "node:fs";
import { corpusPath } from "../harness/corpus.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";

let world: AppWorld;
const now = { value: new Date() };
beforeEach(async () => {
  now.value = new Date();
  world = await startAppWorld({ Octokit: ValidatedProbotOctokit, clock: { now: () => now.value } });
});
afterEach(async () => {
  await world.close();
  expect(world.github.violations).toEqual([]);
  expect(world.github.unhandled).toEqual([]);
  expect(world.github.crashes).toEqual([]);
});

const pulls = () =>
  [...world.github.human.repo("acme/gitops").issues.values()]
    .filter((i) => i.isPull)
    .map((i) => ({
      number: i.number,
      title: i.title,
      state: i.state,
      marker: parseMarker(i.body),
    }));

/** The staging bump PR's merge as GitHub announces it: a push to main changing its overlay. */
const deliverStagingMerge = (before: string, after: string) =>
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
    commits: [
      { added: [], modified: ["apps/api/overlays/staging/kustomization.yaml"], removed: [] },
    ],
    sender: { login: "octocat", type: "User" },
  });

describe("the whole app: registry webhook in, PRs out", () => {
  it("indexes the repository on installation, then turns a signed registry push into dev and staging PRs", async () => {
    expect(await world.app.index.usages("ghcr.io/acme/api")).toHaveLength(1);
    const digest = world.pushImage("acme/api", "1.8.0", "a".repeat(40));
    const response = await world.notifyPush("ghcr.io/acme/api", "1.8.0");
    expect(response.status).toBe(202);
    await world.idle();
    expect(pulls().map((p) => [p.title, p.marker?.digest])).toEqual([
      ["chore(deps): bump acme/api to 1.8.0 in dev", digest],
      ["chore(deps): bump acme/api to 1.8.0 in staging", digest],
    ]);
    const body =
      [...world.github.human.repo("acme/gitops").issues.values()].find((i) => i.isPull)?.body ?? "";
    expect(body).toContain(`\`${digest}\``);
    expect(body).toContain("https://github.com/acme/api");
  });

  it("links the source commits between the running tag and the new one, from the images' OCI labels", async () => {
    const [dev, fresh] = ["1".repeat(40), "2".repeat(40)];
    world.pushImage("acme/api", "1.7.2", dev); // what dev runs
    world.pushImage("acme/api", "1.8.0", fresh);
    await world.notifyPush("ghcr.io/acme/api", "1.8.0");
    await world.idle();
    const repo = world.github.human.repo("acme/gitops");
    const devPr = [...repo.issues.values()].find((i) => i.isPull && i.title.endsWith("in dev"));
    expect(devPr?.body).toContain(
      `[compare 1111111…2222222](https://github.com/acme/api/compare/${dev}...${fresh})`,
    );
    expect(devPr?.body).toMatch(
      /\| Promotion \| \*\*dev\*\*: this PR → staging: pending → prod: pending \|/,
    );
    expect(devPr?.body).toContain("| Signature | not required |");
  });

  it("makes one PR per environment from ten identical deliveries", async () => {
    world.pushImage("acme/api", "1.8.0");
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => world.notifyPush("ghcr.io/acme/api", "1.8.0")),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    await world.idle();
    expect(pulls()).toHaveLength(2);
  });

  it("opens the prod PR once the staging PR merged with green checks and soaked (the reconcile timer's job)", async () => {
    world.pushImage("acme/api", "1.8.0");
    await world.notifyPush("ghcr.io/acme/api", "1.8.0");
    await world.idle();
    const staging = pulls().find((p) => p.title.endsWith("in staging"));
    if (!staging) throw new Error("no staging PR");
    const before = world.github.human.repo("acme/gitops").refs.get("refs/heads/main") ?? "";
    const sha = world.github.human.mergePullRequest("acme/gitops", staging.number, {
      method: "squash",
    });
    world.github.human.setCheckRun("acme/gitops", sha, {
      name: "ci",
      status: "completed",
      conclusion: "success",
    });
    // GitHub tells the app the PR closed (merged); the example's prod soak is 1h, so nothing yet.
    const repo = world.github.human.repo("acme/gitops");
    await world.deliver("pull_request", {
      action: "closed",
      number: staging.number,
      pull_request: {
        number: staging.number,
        merged: true,
        body: repo.issues.get(staging.number)?.body ?? "",
      },
      repository: { full_name: "acme/gitops", name: "gitops", owner: { login: "acme" } },
      installation: { id: world.installationId },
      sender: { login: "octocat", type: "User" },
    });
    // The merge is a push to main: the index learns what staging runs now.
    await deliverStagingMerge(before, sha);
    await world.idle();
    expect(pulls().filter((p) => p.title.endsWith("in prod"))).toEqual([]);
    // An hour and a bit later the reconcile timer's job finds the soak over.
    now.value = new Date(now.value.getTime() + 61 * 60_000);
    await world.app.queue.enqueue(reconcileJob(1, 60_000));
    await world.idle();
    expect(
      pulls()
        .filter((p) => p.title.endsWith("in prod"))
        .map((p) => [p.state, p.marker?.tag]),
    ).toEqual([["open", "1.8.0"]]);
    expect(
      world.github.human.readFile(
        "acme/gitops",
        "bumpwarden/prod/ghcr.io-acme-api",
        "apps/api/overlays/prod/kustomization.yaml",
      ),
    ).toContain('newTag: "1.8.0"');
  });

  it("promotes from a green check suite on the default branch (the shared corpus's delivery), without the merge event", async () => {
    world.pushImage("acme/api", "1.8.0");
    await world.notifyPush("ghcr.io/acme/api", "1.8.0");
    await world.idle();
    const staging = pulls().find((p) => p.title.endsWith("in staging"));
    if (!staging) throw new Error("no staging PR");
    const before = world.github.human.repo("acme/gitops").refs.get("refs/heads/main") ?? "";
    const sha = world.github.human.mergePullRequest("acme/gitops", staging.number, {
      method: "squash",
    });
    world.github.human.setCheckRun("acme/gitops", sha, {
      name: "ci",
      status: "completed",
      conclusion: "success",
    });
    await deliverStagingMerge(before, sha);
    await world.idle();
    now.value = new Date(now.value.getTime() + 61 * 60_000); // past the example's 1h prod soak
    const suite = JSON.parse(
      readFileSync(corpusPath("registry-webhooks/github-check-suite.json"), "utf8"),
    ) as { check_suite: object; repository: { owner: object } };
    const response = await world.deliver("check_suite", {
      ...suite,
      check_suite: { ...suite.check_suite, head_branch: "main", head_sha: sha },
      repository: {
        ...suite.repository,
        full_name: "acme/gitops",
        name: "gitops",
        default_branch: "main",
        owner: { ...suite.repository.owner, login: "acme" },
      },
      installation: { id: world.installationId },
    });
    expect(response.status).toBe(200);
    await world.idle();
    expect(
      pulls()
        .filter((p) => p.title.endsWith("in prod"))
        .map((p) => [p.state, p.marker?.tag]),
    ).toEqual([["open", "1.8.0"]]);
  });

  it("reconcile replays a push whose webhook was lost; with nothing new, it only reads", async () => {
    world.pushImage("acme/api", "1.7.0"); // what every environment already runs, or older
    world.github.counts.reset();
    await world.app.queue.enqueue(reconcileJob(1, 60_000));
    await world.idle();
    expect(pulls()).toEqual([]);
    // Reads only: the installation listing, and one view of the repository whose prod promotion
    // (1.7.1, which staging runs) the planner checks and finds still soaking.
    expect(world.github.counts.snapshot()).toEqual({
      "GET /app/installations": 1,
      "GET /installation/repositories": 1,
      "POST /graphql": 1,
      "graphql viewer": 1,
      "graphql repository": 1,
      "GET /repos/{owner}/{repo}/issues": 2,
    });

    world.pushImage("acme/api", "1.8.0"); // no webhook arrives
    now.value = new Date(now.value.getTime() + 30 * 60_000); // the next tick: the tag list is stale
    await world.app.queue.enqueue(reconcileJob(2, 60_000));
    await world.idle();
    expect(pulls().map((p) => p.title)).toEqual([
      "chore(deps): bump acme/api to 1.8.0 in dev",
      "chore(deps): bump acme/api to 1.8.0 in staging",
    ]);
  });
});
