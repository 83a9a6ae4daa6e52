import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/adapters/metrics/index.js";
import { parseFindingMarker } from "../../src/core/review/report/marker.js";
import { reviewWorld } from "./review-world.js";
import type { ReviewWorld } from "./review-world.js";

const WORKER = readFileSync(
  new URL("../core/review/report/fixtures/worker.yaml", import.meta.url),
  "utf8",
);
const PATH = "apps/worker/overlays/dev/worker.yaml";
const DOCS = "https://github.com/bumpwarden/bumpwarden/blob/main/docs/rules.md";

let world: ReviewWorld;
afterEach(async () => {
  await world.close();
});

describe("review of a pull request, through Probot, on the GitHub simulator", () => {
  it("comments exactly the problems of a new Deployment on its lines, and reports the check run", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    world.sim.counts.reset();
    await world.deliver("opened", pr.number);
    // config, PR state and threads, files, head tree, texts, head re-check, review, check run start/finish
    expect(world.sim.counts.snapshot()).toMatchInlineSnapshot(`
      {
        "GET /repos/{owner}/{repo}/contents/{path}": 1,
        "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": 1,
        "GET /repos/{owner}/{repo}/pulls/{pull_number}": 1,
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": 1,
        "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": 1,
        "POST /app/installations/{installation_id}/access_tokens": 1,
        "POST /graphql": 2,
        "POST /repos/{owner}/{repo}/check-runs": 1,
        "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews": 1,
        "graphql repository": 2,
        "graphql viewer": 1,
      }
    `);

    const comments = world.comments(pr.number);
    expect(
      comments.map((c) => [c.path, c.line, c.side, c.startLine, c.body.split("\n")[0]]),
    ).toEqual([
      [
        PATH,
        21,
        "RIGHT",
        null,
        `**warning** [resources](${DOCS}#resources-warning): container "worker" sets no resources.limits.cpu, limits.memory; the scheduler and the node cannot plan for it`,
      ],
      [
        PATH,
        22,
        "RIGHT",
        null,
        `**error** [image-latest](${DOCS}#image-latest-error): ghcr.io/acme/worker:latest uses "latest", which changes under you; pin a version`,
      ],
      [
        PATH,
        32,
        "RIGHT",
        null,
        `**error** [image-registry](${DOCS}#image-registry-error-only-with-reviewallowedregistries): quay.io/prometheus/statsd-exporter is not from an allowed registry (ghcr.io/acme, docker.io/library)`,
      ],
      [
        PATH,
        41,
        "RIGHT",
        null,
        `**warning** [read-only-root-fs](${DOCS}#read-only-root-fs-warning): container "exporter" can write to its root filesystem; set securityContext.readOnlyRootFilesystem: true and mount writable paths as volumes`,
      ],
    ]);
    expect(comments[3]?.body).toContain(
      "```suggestion\n            readOnlyRootFilesystem: true\n```",
    );
    expect(
      comments.every((c) => c.commitId === pr.headSha && c.user.login === "bumpwarden[bot]"),
    ).toBe(true);
    const reviews = world.reviews(pr.number);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      state: "COMMENTED",
      body: "bumpwarden found 4 problems on the changed lines; the `bumpwarden/review` check lists all 4.",
    });

    const [run, ...others] = world.checkRuns(pr.headSha);
    expect(others).toEqual([]);
    expect(run).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "2 errors, 2 warnings", annotations: [] },
    });
    expect(run?.output.summary).toContain("Inline comments: 4 new, 0 already posted.");
  });

  it("counts each review's findings by severity in bumpwarden_review_findings_total", async () => {
    const metrics = createMetrics({ processMetrics: false });
    world = await reviewWorld({ driver: { metrics } });
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", pr.number);
    const counted = async () =>
      Object.fromEntries(
        (
          (await metrics.registry.getSingleMetric("bumpwarden_review_findings_total")?.get())
            ?.values ?? []
        ).map((v) => [v.labels.severity, v.value]),
      );
    expect(await counted()).toEqual({ error: 2, warning: 2 });
    // A push that fixes the `latest` tag: the next review reports one error fewer.
    world.push("add-worker", {
      [PATH]: WORKER.replace("ghcr.io/acme/worker:latest", "ghcr.io/acme/worker:1.4.2"),
    });
    await world.deliver("synchronize", pr.number);
    expect(await counted()).toEqual({ error: 3, warning: 4 });
  });

  it("on a push that fixes one finding: resolves its thread and posts nothing new", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", pr.number);
    const before = world.comments(pr.number);

    const sha = world.push("add-worker", {
      [PATH]: WORKER.replace("ghcr.io/acme/worker:latest", "ghcr.io/acme/worker:1.4.2"),
    });
    await world.deliver("synchronize", pr.number);

    expect(world.comments(pr.number)).toEqual(before);
    expect(world.reviews(pr.number)).toHaveLength(1);
    const resolved = world.threads(pr.number).filter((t) => t.resolved);
    expect(resolved).toHaveLength(1);
    const fixed = world.repo.reviewComments.get(resolved[0]?.commentIds[0] ?? 0);
    expect(fixed?.body).toContain("image-latest");
    expect(world.threads(pr.number).filter((t) => !t.resolved)).toHaveLength(3);
    expect(world.checkRuns(sha)[0]).toMatchObject({
      conclusion: "failure",
      output: { title: "1 error, 2 warnings" },
    });
    expect(world.checkRuns(sha)[0]?.output.summary).toContain(
      "Inline comments: 0 new, 3 already posted, 1 resolved (fixed).",
    );
  });

  it("is idempotent: a redelivery and a Re-run on the same head post nothing", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await world.deliver("opened", pr.number);
    await world.deliver("opened", pr.number);
    await world.rerun(pr.number);
    await world.rerun(pr.number, "someone-else/ci");
    expect(world.comments(pr.number)).toHaveLength(4);
    expect(world.reviews(pr.number)).toHaveLength(1);
    expect(world.checkRuns(pr.headSha).map((r) => r.conclusion)).toEqual([
      "failure",
      "failure",
      "failure",
    ]);
    const fingerprints = world.comments(pr.number).map((c) => parseFindingMarker(c.body));
    expect(new Set(fingerprints).size).toBe(4);
  });

  it("moves the comments to the check run when GitHub refuses the review", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    world.sim.inject.error({
      route: "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
      status: 422,
      times: 1,
    });
    await world.deliver("opened", pr.number);
    expect(world.comments(pr.number)).toEqual([]);
    const [run] = world.checkRuns(pr.headSha);
    expect(run?.output.annotations).toHaveLength(4);
    expect(run?.output.summary).toContain("GitHub refused the inline comments");
  });

  it("completes the check as failed when the review stops on an error, then the queue retries it", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    world.sim.inject.error({
      route: "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
      status: 502,
      times: 1,
    });
    await world.deliver("opened", pr.number);
    expect(
      world.checkRuns(pr.headSha).map((r) => [r.status, r.conclusion, r.output.title]),
    ).toEqual([
      ["completed", "failure", "The review could not finish"],
      ["completed", "failure", expect.not.stringMatching(/could not finish/)],
    ]);
    expect(world.comments(pr.number)).toHaveLength(4);
  });

  it("dead-letters a review that fails every attempt; a Re-run of the check reviews again", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    world.sim.inject.error({
      route: "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
      status: 502,
      times: 3, // the test queue's maxAttempts
    });
    await expect(world.deliver("opened", pr.number)).rejects.toThrow(/jobs failed: review-pr/);
    const failed = {
      status: "completed",
      conclusion: "failure",
      output: { title: "The review could not finish" },
    };
    expect(world.checkRuns(pr.headSha)).toMatchObject([failed, failed, failed]);
    await world.rerun(pr.number);
    expect(world.comments(pr.number)).toHaveLength(4);
  });

  it("serializes simultaneous deliveries for one PR, so they comment once", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    await Promise.all([world.deliver("opened", pr.number), world.deliver("reopened", pr.number)]);
    expect(world.comments(pr.number)).toHaveLength(4);
    expect(world.reviews(pr.number)).toHaveLength(1);
  });

  it("ignores a delivery for a head the PR has moved past; the newest head is reviewed", async () => {
    world = await reviewWorld();
    const pr = world.openPullRequest("add-worker", { [PATH]: WORKER });
    const newest = world.push("add-worker", { "README.md": "moved on\n" });
    await world.deliver("opened", pr.number, pr.headSha);
    expect(world.checkRuns(pr.headSha)).toEqual([]);
    expect(world.comments(pr.number)).toEqual([]);
    await world.rerun(pr.number);
    expect(world.checkRuns(newest).map((r) => r.conclusion)).toEqual(["failure"]);
    expect(world.comments(pr.number)).toHaveLength(4);
  });
});
