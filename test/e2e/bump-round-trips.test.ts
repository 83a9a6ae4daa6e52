import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubDashboardIssues } from "../../src/adapters/github/dashboard-issues.js";
import { GitHubGitHost } from "../../src/adapters/github/git-host.js";
import { MemoryImageIndex } from "../../src/adapters/index-store/memory.js";
import { bumpRepository } from "../../src/app/bump-repo.js";
import { readIgnoreRules } from "../../src/app/dashboard.js";
import { indexRepository } from "../../src/app/index-repo.js";
import { exampleRepoFiles, gitopsWorld } from "./gitops-world.js";
import type { GitOpsWorld } from "./gitops-world.js";
import { RequestRecorder } from "./request-recorder.js";

/**
 * Sequential GitHub round trips of a bump on a warm index, with the dependencies wired as the
 * worker wires them (the dashboard's ignore rules included). The depth is the longest chain of
 * requests each started after the previous one finished, from the client's own timestamps.
 */
const WORKER_DEV = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
images:
  - name: ghcr.io/acme/worker
    newTag: "1.2.0"
`;

let world: GitOpsWorld;
const index = new MemoryImageIndex();
const recorder = new RequestRecorder();

beforeEach(async () => {
  world = await gitopsWorld({
    ...exampleRepoFiles(),
    "apps/worker/overlays/dev/kustomization.yaml": WORKER_DEV,
  });
  await indexRepository(world.host, index, world.installationId, world.repo);
  recorder.reset();
  world.sim.counts.reset();
});
afterEach(async () => {
  await world.close();
});

function bump(repository: string, tag: string) {
  const client = recorder.wrap(world.client);
  return bumpRepository(
    { installationId: world.installationId, repo: world.repo, repository, tag, digest: null },
    {
      host: new GitHubGitHost(client),
      index,
      clock: { now: () => new Date() },
      evidence: async () => ({}),
      ignores: (repo) => readIgnoreRules(new GitHubDashboardIssues(client), repo),
    },
  );
}

describe("round trips of a bump PR on a warm index", () => {
  it("takes 3 sequential requests for one auto-merged PR: view (with the dashboard read beside it), write, then labels and auto-merge in parallel", async () => {
    const outcome = await bump("ghcr.io/acme/worker", "1.3.0");
    expect(outcome.outcomes.map((o) => [o.environment, o.kind])).toEqual([["dev", "open"]]);
    expect(world.sim.counts.snapshot()).toMatchObject({
      "GET /repos/{owner}/{repo}/issues": 1,
      "graphql createCommitOnBranch": 1,
      "graphql enablePullRequestAutoMerge": 1,
      "POST /graphql": 3,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": 1,
    });
    expect(recorder.count).toBe(5);
    // The parts of a decoration are independent: a retried job finds what is missing from the
    // PR's state in its view, not from the order they were applied in.
    expect(recorder.depth()).toBe(3);
  });

  it("adds two sequential requests per further PR (its write, then its decoration), auto-merge or not", async () => {
    const outcome = await bump("ghcr.io/acme/api", "1.8.0");
    expect(outcome.outcomes.map((o) => o.kind)).toEqual(["open", "open", "skip"]);
    expect(recorder.depth()).toBe(1 + 2 * 2); // dev auto-merges, staging does not
  });
});
