import { afterEach, describe, expect, test } from "vitest";
import { closeClean, headOid, KUSTOMIZE_FILES as FILES, world, type World } from "./helpers.js";

let w: World;
afterEach(() => closeClean(w));

const COMMIT = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid messageHeadline signature { isValid } } ref { name target { oid } } }
}`;

interface CommitResult {
  createCommitOnBranch: {
    commit: { oid: string; messageHeadline: string; signature: { isValid: boolean } | null };
    ref: { name: string; target: { oid: string } };
  };
}

const head = (branch: string) => headOid(w, branch);

describe("GraphQL", () => {
  test("reads several files at once through aliased object(expression:) fields", async () => {
    w = await world(FILES);
    const r = await w.octokit.graphql<
      Record<string, Record<string, { text?: string; oid?: string } | null>>
    >(`{
      repository(owner: "acme", name: "gitops") {
        f0: object(expression: "main:clusters/dev/kustomization.yaml") { ... on Blob { text oid byteSize isBinary } }
        f1: object(expression: "main:clusters/prod/kustomization.yaml") { ... on Blob { text } }
        f2: object(expression: "main:missing.yaml") { ... on Blob { text } }
        dir: object(expression: "main:clusters") { ... on Tree { entries { name type mode } } }
        defaultBranchRef { name target { oid ... on Commit { tree { oid } } } }
      }
    }`);
    const repo = r["repository"] ?? {};
    expect(repo["f0"]?.text).toBe(FILES["clusters/dev/kustomization.yaml"]);
    expect(repo["f1"]?.text).toBe(FILES["clusters/prod/kustomization.yaml"]);
    expect(repo["f2"]).toBeNull();
    expect(repo["dir"]).toEqual({
      entries: [
        { name: "dev", type: "tree", mode: 16384 },
        { name: "prod", type: "tree", mode: 16384 },
      ],
    });
    expect(repo["defaultBranchRef"]).toMatchObject({ name: "main" });
  });

  test("createCommitOnBranch commits at the expected head, verified; a stale head is refused with STALE_DATA", async () => {
    w = await world(FILES);
    const repoId = (
      await w.octokit.graphql<{ repository: { id: string } }>(
        `{ repository(owner: "acme", name: "gitops") { id } }`,
      )
    ).repository.id;
    const base = await head("main");
    await w.octokit.graphql(
      `mutation($input: CreateRefInput!) { createRef(input: $input) { ref { name } } }`,
      { input: { repositoryId: repoId, name: "refs/heads/bumpwarden/dev/acme-api", oid: base } },
    );
    const input = {
      branch: { repositoryNameWithOwner: "acme/gitops", branchName: "bumpwarden/dev/acme-api" },
      expectedHeadOid: base,
      message: { headline: "chore(deps): bump acme/api to 1.8.0 in dev", body: "old → new" },
      fileChanges: {
        additions: [
          {
            path: "clusters/dev/kustomization.yaml",
            contents: Buffer.from(
              FILES["clusters/dev/kustomization.yaml"].replace("1.7.0", "1.8.0"),
            ).toString("base64"),
          },
        ],
      },
    };
    const done = await w.octokit.graphql<CommitResult>(COMMIT, { input });
    expect(done.createCommitOnBranch.commit).toMatchObject({
      messageHeadline: "chore(deps): bump acme/api to 1.8.0 in dev",
      signature: { isValid: true },
    });
    expect(done.createCommitOnBranch.ref).toEqual({
      name: "bumpwarden/dev/acme-api",
      target: { oid: done.createCommitOnBranch.commit.oid },
    });
    expect(
      w.sim.human.readFile(w.full, "bumpwarden/dev/acme-api", "clusters/dev/kustomization.yaml"),
    ).toContain("1.8.0");

    const stale = w.octokit.graphql<CommitResult>(COMMIT, { input });
    await expect(stale).rejects.toMatchObject({
      errors: [
        {
          type: "STALE_DATA",
          path: ["createCommitOnBranch"],
          message: `Expected branch to point to "${base}" but it did not.  Pull and try again.`,
        },
      ],
      data: { createCommitOnBranch: null },
    });
    expect(await head("bumpwarden/dev/acme-api")).toBe(done.createCommitOnBranch.commit.oid);
  });

  test("a repository outside the installation is NOT_FOUND", async () => {
    w = await world(FILES);
    w.sim.human.createRepo({ owner: "other", name: "secret" });
    await expect(
      w.octokit.graphql(`{ repository(owner: "other", name: "secret") { id } }`),
    ).rejects.toMatchObject({
      errors: [
        {
          type: "NOT_FOUND",
          message: "Could not resolve to a Repository with the name 'other/secret'.",
        },
      ],
    });
  });
});
