import { z } from "zod";
import type { GitHubClient } from "../src/adapters/github/client.js";
import { ENABLE_AUTO_MERGE } from "../src/adapters/github/documents.js";
import { CONFIG_PATH } from "../src/app/config-path.js";
import { defaultConfig, parseConfig } from "../src/core/config/load.js";
import { planRepoBump } from "../src/core/plan/repo-bump.js";
import type { RepoName } from "../src/ports/git-host.js";

/**
 * The baseline for `bump-pr.bench.ts`: the REST sequence a typical bot makes for a bump PR, written
 * plainly and correctly, so it opens the very PRs bumpwarden opens (same branch, tree, commit
 * message, title, body, labels, auto-merge request). It knows the same files from the same index
 * and plans with the same core planner; only the GitHub conversation differs:
 *
 *   once per push:  get the config file · get the branch head (commit + its tree) · get each file
 *   per PR:         create a blob per file · create the tree · create the commit · create the ref ·
 *                   open the PR · add labels · enable auto-merge (GraphQL: REST has no such call)
 *
 * Every request awaits the previous one, as such bots do. It reads the head once per push rather
 * than per PR and skips looking for an existing PR or branch (a real bot must), both of which only
 * flatter the baseline.
 */
export interface NaiveBumpRequest {
  repo: RepoName;
  defaultBranch: string;
  /** Normalized image repository. */
  repository: string;
  tag: string;
  /** Files that reference the image (from the index). */
  paths: string[];
  now: Date;
}

export interface NaiveBumpResult {
  pullRequests: Array<{ number: number; branch: string }>;
}

const contentsSchema = z.object({ content: z.string(), encoding: z.literal("base64") });
const commitSchema = z.object({
  sha: z.string(),
  commit: z.object({ tree: z.object({ sha: z.string() }) }),
});
const shaSchema = z.object({ sha: z.string() });
const pullSchema = z.object({ number: z.number(), node_id: z.string() });

export async function naiveRestBump(
  client: GitHubClient,
  request: NaiveBumpRequest,
): Promise<NaiveBumpResult> {
  const base = { owner: request.repo.owner, repo: request.repo.name };
  const configText = await getText(client, base, CONFIG_PATH, request.defaultBranch);
  const parsed =
    configText === null ? { ok: true as const, value: defaultConfig() } : parseConfig(configText);
  if (!parsed.ok) throw new Error(`${CONFIG_PATH}: invalid`);
  const config = parsed.value;

  const head = commitSchema.parse(
    (
      await client.request("GET /repos/{owner}/{repo}/commits/{ref}", {
        ...base,
        ref: request.defaultBranch,
      })
    ).data,
  );
  const files: Array<{ path: string; text: string }> = [];
  for (const path of request.paths) {
    const text = await getText(client, base, path, head.sha);
    if (text !== null) files.push({ path, text });
  }
  const plan = planRepoBump({
    repository: request.repository,
    tag: request.tag,
    digest: null,
    files,
    config,
    botLogin: "",
    branches: {},
    evidence: {},
    now: request.now,
  });

  const result: NaiveBumpResult = { pullRequests: [] };
  for (const action of plan.actions) {
    if (action.kind !== "open") continue;
    const tree: Array<{ path: string; mode: "100644"; type: "blob"; sha: string }> = [];
    for (const file of action.files) {
      const blob = await client.request("POST /repos/{owner}/{repo}/git/blobs", {
        ...base,
        content: Buffer.from(file.text, "utf8").toString("base64"),
        encoding: "base64",
      });
      tree.push({
        path: file.path,
        mode: "100644",
        type: "blob",
        sha: shaSchema.parse(blob.data).sha,
      });
    }
    const newTree = shaSchema.parse(
      (
        await client.request("POST /repos/{owner}/{repo}/git/trees", {
          ...base,
          base_tree: head.commit.tree.sha,
          tree,
        })
      ).data,
    );
    const commit = shaSchema.parse(
      (
        await client.request("POST /repos/{owner}/{repo}/git/commits", {
          ...base,
          message: `${action.message.headline}\n\n${action.message.body}`,
          tree: newTree.sha,
          parents: [head.sha],
        })
      ).data,
    );
    await client.request("POST /repos/{owner}/{repo}/git/refs", {
      ...base,
      ref: `refs/heads/${action.branch}`,
      sha: commit.sha,
    });
    const pull = pullSchema.parse(
      (
        await client.request("POST /repos/{owner}/{repo}/pulls", {
          ...base,
          title: action.title,
          body: action.body,
          head: action.branch,
          base: request.defaultBranch,
        })
      ).data,
    );
    if (action.labels.length > 0)
      await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
        ...base,
        issue_number: pull.number,
        labels: action.labels,
      });
    if (action.automerge)
      await client
        .graphql(ENABLE_AUTO_MERGE, {
          pullRequestId: pull.node_id,
          mergeMethod: config.pullRequests.automergeMethod,
        })
        .catch(() => undefined); // refused on a PR with nothing pending, as for bumpwarden
    result.pullRequests.push({ number: pull.number, branch: action.branch });
  }
  return result;
}

async function getText(
  client: GitHubClient,
  base: { owner: string; repo: string },
  path: string,
  ref: string,
): Promise<string | null> {
  try {
    const { data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...base,
      path,
      ref,
    });
    const file = contentsSchema.parse(data);
    return Buffer.from(file.content, "base64").toString("utf8");
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
}
