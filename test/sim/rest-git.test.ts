import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { closeClean, status, type World, world } from "./helpers.js";

const FILES = {
  "README.md": "# gitops\n",
  "clusters/dev/kustomization.yaml": "images:\n  - name: acme/api\n    newTag: 1.7.0\n",
  "clusters/prod/kustomization.yaml": "images:\n  - name: acme/api\n    newTag: 1.6.0\n",
  "apps/api/deployment.yaml": "kind: Deployment\n",
};

let w: World;
afterEach(() => closeClean(w));

describe("git data over REST", () => {
  test("the root tree SHA GitHub reports equals `git write-tree` of the same files", async () => {
    w = await world(FILES);
    const dir = mkdtempSync(join(tmpdir(), "sim-tree-"));
    try {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      for (const [path, content] of Object.entries(FILES)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      execFileSync("git", ["add", "-A"], { cwd: dir });
      const expected = execFileSync("git", ["write-tree"], { cwd: dir, encoding: "utf8" }).trim();
      const { data } = await w.octokit.rest.git.getTree({ ...w.repo, tree_sha: "main" });
      expect(data.sha).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("recursive trees list subtrees before their contents, and report truncation past the limit", async () => {
    w = await world(FILES, { treeEntryLimit: 5 });
    const { data } = await w.octokit.rest.git.getTree({
      ...w.repo,
      tree_sha: "main",
      recursive: "1",
    });
    expect(data.tree.map((e) => `${e.type} ${e.path}`)).toEqual([
      "blob README.md",
      "tree apps",
      "tree apps/api",
      "blob apps/api/deployment.yaml",
      "tree clusters",
    ]);
    expect(data.truncated).toBe(true);
    const top = await w.octokit.rest.git.getTree({ ...w.repo, tree_sha: data.sha });
    expect(top.data.tree.map((e) => e.path)).toEqual(["README.md", "apps", "clusters"]);
    expect(top.data.truncated).toBe(false);
  });

  test("contents: a file in base64, a directory listing, raw media type, 404 for a missing path", async () => {
    w = await world(FILES);
    const file = await w.octokit.rest.repos.getContent({
      ...w.repo,
      path: "clusters/dev/kustomization.yaml",
    });
    if (Array.isArray(file.data) || file.data.type !== "file") throw new Error("expected a file");
    expect(Buffer.from(file.data.content, "base64").toString()).toBe(
      FILES["clusters/dev/kustomization.yaml"],
    );
    const blob = await w.octokit.rest.git.getBlob({ ...w.repo, file_sha: file.data.sha });
    expect(Buffer.from(blob.data.content, "base64").toString()).toBe(
      FILES["clusters/dev/kustomization.yaml"],
    );
    const listing = await w.octokit.rest.repos.getContent({ ...w.repo, path: "clusters" });
    expect(Array.isArray(listing.data) && listing.data.map((e) => `${e.type}:${e.path}`)).toEqual([
      "dir:clusters/dev",
      "dir:clusters/prod",
    ]);
    const raw = await w.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...w.repo,
      path: "README.md",
      mediaType: { format: "raw" },
    });
    expect(raw.data).toBe("# gitops\n");
    expect(await status(w.octokit.rest.repos.getContent({ ...w.repo, path: "nope.yaml" }))).toBe(
      404,
    );
  });

  test("blobs, trees, commits and refs build a branch; a non-fast-forward update without force is refused", async () => {
    w = await world(FILES);
    const main = (await w.octokit.rest.git.getRef({ ...w.repo, ref: "heads/main" })).data.object
      .sha;
    const base = (await w.octokit.rest.git.getCommit({ ...w.repo, commit_sha: main })).data.tree
      .sha;
    const blob = await w.octokit.rest.git.createBlob({
      ...w.repo,
      content: Buffer.from("images:\n  - name: acme/api\n    newTag: 1.8.0\n").toString("base64"),
      encoding: "base64",
    });
    const tree = await w.octokit.rest.git.createTree({
      ...w.repo,
      base_tree: base,
      tree: [
        {
          path: "clusters/dev/kustomization.yaml",
          mode: "100644",
          type: "blob",
          sha: blob.data.sha,
        },
        { path: "apps/api/deployment.yaml", mode: "100644", type: "blob", sha: null },
      ],
    });
    const commit = await w.octokit.rest.git.createCommit({
      ...w.repo,
      message: "chore(deps): bump acme/api to 1.8.0 in dev",
      tree: tree.data.sha,
      parents: [main],
    });
    await w.octokit.rest.git.createRef({
      ...w.repo,
      ref: "refs/heads/bumpwarden/dev/acme-api",
      sha: commit.data.sha,
    });
    expect(
      w.sim.human.readFile(w.full, "bumpwarden/dev/acme-api", "clusters/dev/kustomization.yaml"),
    ).toContain("1.8.0");
    expect(w.sim.human.listFiles(w.full, "bumpwarden/dev/acme-api")).not.toContain(
      "apps/api/deployment.yaml",
    );
    expect(
      await status(
        w.octokit.rest.git.createRef({
          ...w.repo,
          ref: "refs/heads/bumpwarden/dev/acme-api",
          sha: main,
        }),
      ),
    ).toBe(422);

    // Someone pushes to the branch; our update from the old head is no longer a fast-forward.
    w.sim.human.push(w.full, "bumpwarden/dev/acme-api", { "NOTES.md": "human\n" });
    const sibling = await w.octokit.rest.git.createCommit({
      ...w.repo,
      message: "retry",
      tree: tree.data.sha,
      parents: [commit.data.sha],
    });
    const refused = w.octokit.rest.git.updateRef({
      ...w.repo,
      ref: "heads/bumpwarden/dev/acme-api",
      sha: sibling.data.sha,
      force: false,
    });
    await expect(refused).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Update is not a fast forward" } },
    });
    await w.octokit.rest.git.updateRef({
      ...w.repo,
      ref: "heads/bumpwarden/dev/acme-api",
      sha: sibling.data.sha,
      force: true,
    });
    const refs = await w.octokit.rest.git.listMatchingRefs({ ...w.repo, ref: "heads/bumpwarden/" });
    expect(refs.data.map((r) => [r.ref, r.object.sha])).toEqual([
      ["refs/heads/bumpwarden/dev/acme-api", sibling.data.sha],
    ]);
  });

  test("compare lists commits and files with patches; the contents API commits and checks the blob SHA", async () => {
    w = await world(FILES);
    const path = "clusters/prod/kustomization.yaml";
    const current = await w.octokit.rest.repos.getContent({ ...w.repo, path });
    if (Array.isArray(current.data)) throw new Error("expected a file");
    const next = FILES[path].replace("1.6.0", "1.8.0");
    const stale = w.octokit.rest.repos.createOrUpdateFileContents({
      ...w.repo,
      path,
      message: "bump",
      content: Buffer.from(next).toString("base64"),
      sha: "0".repeat(40),
      branch: "main",
    });
    expect(await status(stale)).toBe(409);
    w.sim.human.createBranch(w.full, "topic");
    const put = await w.octokit.rest.repos.createOrUpdateFileContents({
      ...w.repo,
      path,
      message: "bump prod",
      content: Buffer.from(next).toString("base64"),
      sha: current.data.sha,
      branch: "topic",
    });
    expect(put.data.commit.verification?.verified).toBe(true);
    const cmp = await w.octokit.rest.repos.compareCommitsWithBasehead({
      ...w.repo,
      basehead: "main...topic",
    });
    expect(cmp.data).toMatchObject({
      status: "ahead",
      ahead_by: 1,
      behind_by: 0,
      total_commits: 1,
    });
    expect(cmp.data.files?.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      [path, "modified", 1, 1],
    ]);
    expect(cmp.data.files?.[0]?.patch).toBe(
      "@@ -1,3 +1,3 @@\n images:\n   - name: acme/api\n-    newTag: 1.6.0\n+    newTag: 1.8.0",
    );
    const branches = await w.octokit.rest.repos.listBranches(w.repo);
    expect(branches.data.map((b) => b.name)).toEqual(["main", "topic"]);
  });
});
