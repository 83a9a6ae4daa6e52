import { z } from "zod";
import type { RepoName, TreeFile } from "../../ports/git-host.js";
import type { GitHubClient } from "./client.js";

/** Tree reads allowed when GitHub truncates a recursive listing (each covers a whole subtree). */
export const MAX_TREE_REQUESTS = 200;
/** Subtrees read at once while splitting (GET requests: GitHub's concurrency advice allows it). */
const CONCURRENCY = 8;

const treeSchema = z.object({
  tree: z.array(
    z.object({ path: z.string(), type: z.string(), sha: z.string(), size: z.number().optional() }),
  ),
  truncated: z.boolean(),
});

export interface TreeListing {
  files: TreeFile[];
  /** Some files are missing: a single directory past GitHub's limit, or the request budget spent. */
  truncated: boolean;
  /** Tree requests made. */
  requests: number;
}

interface Subtree {
  sha: string;
  prefix: string;
}

/**
 * Every blob under a commit or tree, by path. One recursive read; when GitHub truncates it
 * (100,000 entries or 7 MB), the tree is split the way GitHub's docs advise: the truncated tree's
 * own entries are read non-recursively, each of its subtrees recursively again, and only the
 * subtrees that are truncated too are split further. A repository whose recursive listing is just
 * over the limit costs a few more reads, not one per directory; `budget` caps the total.
 */
export async function listAllFiles(
  client: GitHubClient,
  repo: RepoName,
  oid: string,
  budget = MAX_TREE_REQUESTS,
): Promise<TreeListing> {
  let requests = 0;
  const read = async (sha: string, recursive: boolean) => {
    requests++;
    const { data } = await client.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner: repo.owner,
      repo: repo.name,
      tree_sha: sha,
      ...(recursive && { recursive: "1" }),
    });
    return treeSchema.parse(data);
  };
  const whole = await read(oid, true);
  if (!whole.truncated) return { files: blobsOf(whole, ""), truncated: false, requests };

  const files: TreeFile[] = [];
  let truncated = false;
  let split: Subtree[] = [{ sha: oid, prefix: "" }];
  while (split.length > 0) {
    const subtrees: Subtree[] = [];
    await eachLimited(split, async ({ sha, prefix }) => {
      if (requests >= budget) return void (truncated = true);
      const level = await read(sha, false);
      truncated ||= level.truncated;
      files.push(...blobsOf(level, prefix));
      for (const e of level.tree)
        if (e.type === "tree") subtrees.push({ sha: e.sha, prefix: `${prefix}${e.path}/` });
    });
    split = [];
    await eachLimited(subtrees, async (subtree) => {
      if (requests >= budget) return void (truncated = true);
      const listed = await read(subtree.sha, true);
      if (listed.truncated) split.push(subtree);
      else files.push(...blobsOf(listed, subtree.prefix));
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, truncated, requests };
}

function blobsOf(listing: z.infer<typeof treeSchema>, prefix: string): TreeFile[] {
  return listing.tree
    .filter((e) => e.type === "blob")
    .map((e) => ({ path: prefix + e.path, size: e.size ?? 0 }));
}

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
