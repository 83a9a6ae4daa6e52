import { afterEach, describe, expect, it } from "vitest";
import { readTree } from "../../sim/app-world.js";
import { GitHubReviewHost } from "../../src/adapters/github/review-host.js";
import { readChangedFiles } from "../../src/app/review-pr-inputs.js";
import { gitopsWorld } from "../e2e/gitops-world.js";
import type { GitOpsWorld } from "../e2e/gitops-world.js";

/** A Helm chart whose environment files set only the tag (test/fixtures/helm-overrides/README.md). */
const FILES = readTree(new URL("../fixtures/helm-overrides/", import.meta.url).pathname);

let world: GitOpsWorld;
afterEach(async () => {
  await world.close();
});

/** Opens a PR with `files` on the chart repository and reads its review inputs, counting requests. */
async function inputsOf(files: Record<string, string | null>) {
  world = await gitopsWorld(FILES);
  const headSha = world.sim.human.push(world.full, "change", files, { author: "octocat" });
  const number = world.sim.human.openPullRequest(world.full, { head: "change", title: "Change" });
  world.sim.counts.reset();
  const inputs = await readChangedFiles(
    new GitHubReviewHost(world.client),
    { ...world.repo, number },
    headSha,
  );
  return {
    changed: inputs.changed.map((f) => f.path),
    context: inputs.context.map((f) => f.path),
    texts: new Map(inputs.context.map((f) => [f.path, f.text])),
    counts: world.sim.counts.snapshot(),
  };
}

describe("the files a pull request review reads", () => {
  it("reads an override's unchanged base as context, in the same batched read as the changed files", async () => {
    const { changed, context, texts, counts } = await inputsOf({
      "charts/api/values-prod.yaml": "image:\n  tag: 1.4.0\n",
      "charts/worker/values/staging.yaml": "image: {tag: 3.3.0}\n",
    });
    expect(changed).toEqual(["charts/api/values-prod.yaml", "charts/worker/values/staging.yaml"]);
    expect(context).toEqual(["charts/api/values.yaml", "charts/worker/values.yaml"]);
    expect(texts.get("charts/api/values.yaml")).toBe(FILES["charts/api/values.yaml"]);
    // The PR's file list, one tree listing and one GraphQL read of every file.
    expect(counts["GET /repos/{owner}/{repo}/pulls/{pull_number}/files"]).toBe(1);
    expect(counts["GET /repos/{owner}/{repo}/git/trees/{tree_sha}"]).toBe(1);
    expect(counts["POST /graphql"]).toBe(1);
  });

  it("reads no base that the PR changes itself, and none for files that are no override", async () => {
    const { changed, context } = await inputsOf({
      "charts/api/values.yaml": (FILES["charts/api/values.yaml"] ?? "").replace("1.0.0", "1.1.0"),
      "charts/api/values-prod.yaml": "image:\n  tag: 1.4.0\n",
      "charts/api/Chart.yaml": (FILES["charts/api/Chart.yaml"] ?? "").replace("0.4.2", "0.4.3"),
      "charts/other/values-prod.yaml": "image:\n  tag: 1.0.0\n",
    });
    expect(changed).toEqual([
      "charts/api/Chart.yaml",
      "charts/api/values-prod.yaml",
      "charts/api/values.yaml",
      "charts/other/values-prod.yaml",
    ]);
    expect(context).toEqual([]);
  });
});
