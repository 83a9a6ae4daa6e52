import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { GitStore } from "../../sim/github/git/store.js";
import { flattenTree, updateTree, type TreeChanges } from "../../sim/github/git/tree-edit.js";

// Names chosen to exercise git's tree order, where "a" as a tree sorts as "a/" (after "a-b" and "a.b").
const FILES: Record<string, string | Buffer> = {
  "README.md": "# gitops\n",
  "a-b": "dash\n",
  "a.b": "dot\n",
  "a/c.yaml": "image: nginx:1.25\n",
  "a/deeper/x.txt": "x",
  a0: "zero\n",
  "clusters/prod/kustomization.yaml": "images:\n  - name: acme/api\n    newTag: 1.8.0\n",
  "empty.txt": "",
  "bin/tool.bin": Buffer.from([0, 1, 2, 255, 10, 0]),
  "ünïcode/naïve.txt": "snowman ☃\n",
};

const dir = mkdtempSync(join(tmpdir(), "sim-git-"));
const git = (args: string[], env: Record<string, string> = {}, input?: string): string =>
  execFileSync("git", args, {
    cwd: dir,
    env: { ...process.env, ...env },
    input,
    encoding: "utf8",
  }).trim();

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeWorkTree(): void {
  git(["init", "-q"]);
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  writeFileSync(join(dir, "run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(join(dir, "run.sh"), 0o755);
  git(["add", "-A"]);
}

function simTree(store: GitStore): string {
  const changes: TreeChanges = new Map();
  for (const [path, content] of Object.entries(FILES))
    changes.set(path, { mode: "100644", sha: store.putBlob(content) });
  changes.set("run.sh", { mode: "100755", sha: store.putBlob("#!/bin/sh\necho hi\n") });
  return updateTree(store, null, changes);
}

describe("git objects are content-addressed exactly as git computes them", () => {
  writeWorkTree();
  const store = new GitStore();
  const tree = simTree(store);

  test("blob SHAs equal `git hash-object`, text, empty and binary alike", () => {
    for (const [path, content] of Object.entries(FILES)) {
      expect(store.putBlob(content), path).toBe(git(["hash-object", path]));
    }
  });

  test("a nested tree with an executable file equals `git write-tree`", () => {
    expect(tree).toBe(git(["write-tree"]));
  });

  test("every subtree lists the same entries as `git ls-tree -r`", () => {
    const listed = git(["ls-tree", "-r", tree])
      .split("\n")
      .map((line) => {
        const [meta, path] = line.split("\t");
        const [mode, , sha] = (meta ?? "").split(" ");
        return [path, { mode, sha }];
      });
    const ours = [...flattenTree(store, tree)].map(([path, e]) => [
      path,
      { mode: e.mode, sha: e.sha },
    ]);
    // git quotes non-ASCII paths in ls-tree output; compare by SHA and mode where the name is quoted.
    expect(ours.map(([, e]) => e)).toEqual(listed.map(([, e]) => e));
  });

  test("commits equal `git commit-tree` with the same author, committer, date and parents", () => {
    const env = {
      GIT_AUTHOR_NAME: "Octo Cat",
      GIT_AUTHOR_EMAIL: "octo@example.com",
      GIT_AUTHOR_DATE: "1700000000 +0000",
      GIT_COMMITTER_NAME: "GitHub",
      GIT_COMMITTER_EMAIL: "noreply@github.com",
      GIT_COMMITTER_DATE: "1700000100 +0000",
    };
    const first = git(["commit-tree", tree, "-m", "chore: initial"], env);
    const author = { name: "Octo Cat", email: "octo@example.com", time: 1700000000, tz: "+0000" };
    const committer = {
      name: "GitHub",
      email: "noreply@github.com",
      time: 1700000100,
      tz: "+0000",
    };
    const ours = store.putCommit({
      tree,
      parents: [],
      author,
      committer,
      message: "chore: initial\n",
    });
    expect(ours).toBe(first);
    const second = git(
      [
        "commit-tree",
        tree,
        "-p",
        first,
        "-m",
        "chore(deps): bump acme/api to 1.9.0",
        "-m",
        "body line",
      ],
      env,
    );
    expect(
      store.putCommit({
        tree,
        parents: [ours],
        author,
        committer,
        message: "chore(deps): bump acme/api to 1.9.0\n\nbody line\n",
      }),
    ).toBe(second);
  });

  test("editing one deep file rewrites only the trees on its path, and deleting a last file drops its directory", () => {
    const changed = updateTree(
      store,
      tree,
      new Map([["a/deeper/x.txt", { mode: "100644", sha: store.putBlob("y") }]]),
    );
    const untouched = (sha: string) => store.tree(sha)?.find((e) => e.name === "clusters")?.sha;
    expect(untouched(changed)).toBe(untouched(tree));
    const dropped = updateTree(store, changed, new Map([["a/deeper/x.txt", null]]));
    expect([...flattenTree(store, dropped).keys()].some((p) => p.startsWith("a/deeper"))).toBe(
      false,
    );
    expect(
      updateTree(
        store,
        dropped,
        new Map([["a/deeper/x.txt", { mode: "100644", sha: store.putBlob("x") }]]),
      ),
    ).toBe(tree);
  });
});
