import { afterEach, describe, expect, it } from "vitest";
import { startAppWorld } from "../../sim/app-world.js";
import type { AppWorld } from "../../sim/app-world.js";
import { repoJson } from "../../sim/github/serialize/repo.js";
import { workflowRunJson } from "../../sim/github/serialize/actions.js";
import type { WorkflowRunRecord } from "../../sim/github/state/actions.js";
import { pushImage } from "../../sim/registry/images.js";
import { ValidatedProbotOctokit } from "../harness/octokit.js";
import { webhookExample } from "../harness/webhooks.js";
import { bumpPulls, deliverAs, generatedGitops } from "../reliability/app-helpers.js";

/**
 * The whole app with `policy: { ci: "sha-{short_sha}" }`: CI's `workflow_run` events name the
 * images, whose only label is their revision, so the commits to order are those of the run's
 * repository (acme/api), compared by the worker through the installation's client. A run for an
 * older commit delivered after a newer one never moves the PRs back.
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
const short = (sha: string) => sha.slice(0, 7);

function completed(w: AppWorld, run: WorkflowRunRecord): Record<string, unknown> {
  const urls = { api: w.github.url, web: w.github.url, graphql: `${w.github.url}/graphql` };
  const payload = webhookExample("workflow_run", "completed") as unknown as Record<string, unknown>;
  return {
    ...payload,
    action: "completed",
    workflow_run: workflowRunJson(urls, w.github.human.repo("acme/api"), run),
    repository: repoJson(urls, w.github.human.repo("acme/api")),
    organization: undefined,
    installation: { id: w.installationId },
  };
}

/** Points the GitOps repository's overlays at `tag`, as a merged PR would, and tells the app. */
async function deploy(w: AppWorld, tag: string): Promise<void> {
  const before = w.github.human.repo(w.repo).refs.get("refs/heads/main");
  const paths = ["dev", "staging"].map((e) => `apps/api/overlays/${e}/kustomization.yaml`);
  const after = w.github.human.push(
    w.repo,
    "main",
    Object.fromEntries(
      paths.map((p) => [
        p,
        (w.github.human.readFile(w.repo, "main", p) ?? "").replace(
          /newTag: "[^"]+"/,
          `newTag: "${tag}"`,
        ),
      ]),
    ),
  );
  await w.deliver("push", {
    ref: "refs/heads/main",
    before,
    after,
    repository: {
      full_name: w.repo,
      name: "gitops",
      default_branch: "main",
      owner: { login: "acme", name: "acme" },
    },
    installation: { id: w.installationId },
    commits: [{ added: [], modified: paths, removed: [] }],
    sender: { login: "octocat", type: "User" },
  });
  await w.idle();
}

describe("a ci tag policy in the running app", () => {
  it("proposes the newer commit's build, and ignores an older run delivered late", async () => {
    const w = (world = await startAppWorld({
      Octokit: ValidatedProbotOctokit,
      files: generatedGitops(["ghcr.io/acme/api"], {
        tag: "sha-0000000",
        policy: '{ ci: "sha-{short_sha}" }',
      }),
      env: { BUMPWARDEN_WORKFLOW_RUN: TEMPLATES, BUMPWARDEN_JOB_RETRY_BASE_MS: "50" },
    }));
    w.github.human.createRepo({ owner: "acme", name: "api", files: { "main.go": "v0\n" } });
    const [c1, c2, c3] = [1, 2, 3].map((n) =>
      w.github.human.push("acme/api", "main", { "main.go": `v${n}\n` }),
    ) as [string, string, string];
    await deploy(w, `sha-${short(c1)}`);
    // Images labelled with their revision only: the source is the run's repository.
    for (const sha of [c1, c2, c3])
      pushImage(w.registry.store, "acme/api", `sha-${short(sha)}`, {
        labels: { "org.opencontainers.image.revision": sha },
        layer: sha,
      });

    const newer = w.github.human.completeWorkflowRun("acme/api", { headSha: c3 });
    const late = w.github.human.completeWorkflowRun("acme/api", { headSha: c2 });
    w.github.counts.reset();
    expect((await deliverAs(w, "workflow_run", completed(w, newer))).status).toBe(200);
    await w.idle();
    const proposed = () => bumpPulls(w.github, w.repo).map((p) => [p.head, p.marker?.tag]);
    expect(proposed()).toEqual([
      ["bumpwarden/dev/ghcr.io-acme-api", `sha-${short(c3)}`],
      ["bumpwarden/staging/ghcr.io-acme-api", `sha-${short(c3)}`],
    ]);
    expect(w.github.counts.get("GET /repos/{owner}/{repo}/compare/{basehead}")).toBe(1);
    const body = w.github.human
      .repo(w.repo)
      .issues.get(bumpPulls(w.github, w.repo)[0]?.number ?? 0)?.body;
    expect(body).toContain(
      `Commit order: sha-${short(c3)} is 2 commits ahead of sha-${short(c1)} in acme/api (GitHub compare).`,
    );

    const writes = w.github.counts.get("graphql createCommitOnBranch");
    expect((await deliverAs(w, "workflow_run", completed(w, late))).status).toBe(200);
    await w.idle();
    expect(proposed()).toEqual([
      ["bumpwarden/dev/ghcr.io-acme-api", `sha-${short(c3)}`],
      ["bumpwarden/staging/ghcr.io-acme-api", `sha-${short(c3)}`],
    ]);
    expect(w.github.counts.get("graphql createCommitOnBranch")).toBe(writes);
    // c2 against what runs (c1: newer) and against what the PRs propose (c3: older).
    expect(w.github.counts.get("GET /repos/{owner}/{repo}/compare/{basehead}")).toBe(1 + 2);
    expect(await w.app.queue.deadLetters()).toEqual([]);
  });
});
