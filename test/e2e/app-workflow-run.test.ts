import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { repoJson } from "../../sim/github/serialize/repo.js";
import { workflowRunJson } from "../../sim/github/serialize/actions.js";
import type { WorkflowRunInput, WorkflowRunRecord } from "../../sim/github/state/actions.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { webhookExample } from "../harness/webhooks.js";
import { bumpPulls, deliverAs, generatedGitops } from "../reliability/app-helpers.js";

/**
 * CI builds announced by GitHub itself: a `workflow_run` that completed with success on the
 * default branch of the code repository names an image, by the configured tag template or by the
 * `image.json` the run uploaded as an artifact, and the GitOps repository gets its bump PRs.
 */
let world: AppWorld | undefined;
afterEach(async () => {
  if (!world) return;
  await world.close();
  expect(world.github.violations).toEqual([]);
  expect(world.github.unhandled).toEqual([]);
  expect(world.github.crashes).toEqual([]);
  world = undefined;
});

const TEMPLATES = JSON.stringify({ image: "ghcr.io/{owner}/{repo}", tag: "sha-{short_sha}" });
const ARTIFACT = JSON.stringify({
  artifact: "bumpwarden-image",
  workflows: [".github/workflows/build.yml"],
});

/** The GitOps repository deploys ghcr.io/acme/api at `tag`; acme/api is the code repository. */
async function start(trigger: string, deployed: string): Promise<AppWorld> {
  world = await startAppWorld({
    Octokit: ValidatedProbotOctokit,
    files: generatedGitops(["ghcr.io/acme/api"], { tag: deployed }),
    env: { BUMPWARDEN_WORKFLOW_RUN: trigger, BUMPWARDEN_JOB_RETRY_BASE_MS: "50" },
  });
  world.github.human.createRepo({
    owner: "acme",
    name: "api",
    files: { Dockerfile: "FROM scratch\n" },
  });
  return world;
}

/** The `workflow_run` delivery GitHub sends for a run: the webhook example, made about this run. */
function completed(w: AppWorld, run: WorkflowRunRecord): Record<string, unknown> {
  const urls = { api: w.github.url, web: w.github.url, graphql: `${w.github.url}/graphql` };
  const repo = w.github.human.repo("acme/api");
  const payload = webhookExample("workflow_run", "completed") as unknown as Record<string, unknown>;
  return {
    ...payload,
    action: "completed",
    workflow_run: workflowRunJson(urls, repo, run),
    repository: repoJson(urls, repo),
    organization: undefined,
    installation: { id: w.installationId },
  };
}

const runOf = (w: AppWorld, input: WorkflowRunInput = {}) =>
  w.github.human.completeWorkflowRun("acme/api", input);
const proposals = (w: AppWorld) =>
  bumpPulls(w.github, w.repo).map((p) => [p.head, p.marker?.tag, p.marker?.digest]);
const short = (sha: string) => sha.slice(0, 7);

describe("workflow_run with tag templates", () => {
  it("a successful run on the default branch proposes sha-<short_sha> to dev and staging", async () => {
    const w = await start(TEMPLATES, "sha-0000000");
    const run = runOf(w);
    const digest = w.pushImage("acme/api", `sha-${short(run.headSha)}`, run.headSha);
    const id = crypto.randomUUID();
    expect((await deliverAs(w, "workflow_run", completed(w, run), id)).status).toBe(200);
    await w.idle();
    const writes = w.github.counts.get("graphql createCommitOnBranch");
    // GitHub's redelivery of the same event changes nothing.
    expect((await deliverAs(w, "workflow_run", completed(w, run), id)).status).toBe(200);
    await w.idle();
    expect(w.github.counts.get("graphql createCommitOnBranch")).toBe(writes);
    expect(proposals(w)).toEqual([
      ["bumpwarden/dev/ghcr.io-acme-api", `sha-${short(run.headSha)}`, digest],
      ["bumpwarden/staging/ghcr.io-acme-api", `sha-${short(run.headSha)}`, digest],
    ]);
    const [pull] = bumpPulls(w.github, w.repo);
    expect(pull?.title).toBe(`chore(deps): bump acme/api to sha-${short(run.headSha)} in dev`);
    expect(
      w.github.human.readFile(
        w.repo,
        "bumpwarden/dev/ghcr.io-acme-api",
        "apps/api/overlays/dev/kustomization.yaml",
      ),
    ).toContain(`newTag: "sha-${short(run.headSha)}"`);
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });

  it.each<[string, WorkflowRunInput]>([
    ["a failed run", { conclusion: "failure" }],
    ["a cancelled run", { conclusion: "cancelled" }],
    ["a run on another branch", { headBranch: "feature/x" }],
    ["a run for a pull request", { event: "pull_request" }],
  ])("%s proposes nothing", async (_name, input) => {
    const w = await start(TEMPLATES, "sha-0000000");
    if (input.headBranch) w.github.human.push("acme/api", input.headBranch, { "a.txt": "x\n" });
    const run = runOf(w, input);
    w.pushImage("acme/api", `sha-${short(run.headSha)}`, run.headSha);
    w.github.counts.reset();
    expect((await deliverAs(w, "workflow_run", completed(w, run))).status).toBe(200);
    await w.idle();
    expect(proposals(w)).toEqual([]);
    expect(w.github.counts.total()).toBe(0);
    expect((await w.app.queue.stats()).deadLetters).toBe(0);
  });
});

describe("workflow_run with the artifact convention", () => {
  const imageJson = (tag: string, digest?: string) =>
    JSON.stringify({ repository: "ghcr.io/acme/api", tag, ...(digest && { digest }) });

  it("downloads the run's bumpwarden-image artifact (302 to the blob, unzipped) and proposes its image", async () => {
    const w = await start(ARTIFACT, "1.0.0");
    const digest = w.pushImage("acme/api", "1.9.0");
    const run = runOf(w, {
      artifacts: {
        "bumpwarden-image": { "image.json": imageJson("1.9.0", digest) },
        coverage: { "lcov.info": "TN:\n" },
      },
    });
    const id = crypto.randomUUID();
    expect((await deliverAs(w, "workflow_run", completed(w, run), id)).status).toBe(200);
    expect((await deliverAs(w, "workflow_run", completed(w, run), id)).status).toBe(200); // redelivered
    await w.idle();
    expect(proposals(w)).toEqual([
      ["bumpwarden/dev/ghcr.io-acme-api", "1.9.0", digest],
      ["bumpwarden/staging/ghcr.io-acme-api", "1.9.0", digest],
    ]);
    expect(w.github.counts.get("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts")).toBe(
      1,
    );
    expect(
      w.github.counts.get(
        "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
      ),
    ).toBe(1);
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });

  it("retries a download GitHub failed (502) and still proposes the image once", async () => {
    const w = await start(ARTIFACT, "1.0.0");
    const digest = w.pushImage("acme/api", "1.9.0");
    const run = runOf(w, {
      artifacts: { "bumpwarden-image": { "image.json": imageJson("1.9.0") } },
    });
    w.github.inject.error({
      route: "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
      status: 502,
      times: 1,
    });
    await deliverAs(w, "workflow_run", completed(w, run));
    await w.idle();
    expect(w.github.inject.injected()).toEqual({ "502 before": 1 });
    expect(proposals(w)).toEqual([
      ["bumpwarden/dev/ghcr.io-acme-api", "1.9.0", digest],
      ["bumpwarden/staging/ghcr.io-acme-api", "1.9.0", digest],
    ]);
  });

  it.each<[string, WorkflowRunInput]>([
    ["a failed run", { conclusion: "failure" }],
    ["a run on another branch", { headBranch: "release-candidate" }],
    ["a run of a workflow that is not the configured one", { path: ".github/workflows/lint.yml" }],
  ])("%s is not even downloaded", async (_name, input) => {
    const w = await start(ARTIFACT, "1.0.0");
    w.pushImage("acme/api", "1.9.0");
    if (input.headBranch) w.github.human.push("acme/api", input.headBranch, { "a.txt": "x\n" });
    const run = runOf(w, {
      ...input,
      artifacts: { "bumpwarden-image": { "image.json": imageJson("1.9.0") } },
    });
    w.github.counts.reset();
    await deliverAs(w, "workflow_run", completed(w, run));
    await w.idle();
    expect(proposals(w)).toEqual([]);
    expect(w.github.counts.total()).toBe(0);
  });

  it("a run without the artifact, or with an expired one, proposes nothing and fails nothing", async () => {
    const w = await start(ARTIFACT, "1.0.0");
    w.pushImage("acme/api", "1.9.0");
    await deliverAs(
      w,
      "workflow_run",
      completed(w, runOf(w, { artifacts: { coverage: { "lcov.info": "TN:\n" } } })),
    );
    await deliverAs(
      w,
      "workflow_run",
      completed(
        w,
        runOf(w, {
          artifacts: { "bumpwarden-image": { "image.json": imageJson("1.9.0") } },
          retentionDays: 0,
        }),
      ),
    );
    await w.idle();
    expect(proposals(w)).toEqual([]);
    expect(
      w.github.counts.get(
        "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
      ),
    ).toBe(0);
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });

  it("an artifact that is not what the convention says is dead-lettered at once, with the reason", async () => {
    const w = await start(ARTIFACT, "1.0.0");
    const bad = runOf(w, {
      artifacts: {
        "bumpwarden-image": {
          "image.json": '{"repository":"ghcr.io/acme/api","tag":"1.9.0; rm -rf /"}',
        },
      },
    });
    const empty = runOf(w, {
      artifacts: { "bumpwarden-image": { "README.md": "no image here\n" } },
    });
    await deliverAs(w, "workflow_run", completed(w, bad));
    await deliverAs(w, "workflow_run", completed(w, empty));
    await w.idle();
    const letters = await w.app.queue.deadLetters();
    expect(
      letters
        .map((l) => [l.name, l.attempts, (l.data as { runId: number }).runId, l.error])
        .sort((a, b) => Number(a[2]) - Number(b[2])),
    ).toEqual([
      [
        "workflow-artifact",
        1,
        bad.id,
        expect.stringMatching(/^PermanentJobError: image\.json: .*tag/),
      ],
      [
        "workflow-artifact",
        1,
        empty.id,
        "PermanentJobError: artifact bumpwarden-image holds no image.json",
      ],
    ]);
    expect(proposals(w)).toEqual([]);
  });
});
