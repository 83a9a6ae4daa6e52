import { isAncestor } from "../git/history.js";
import { lookupPath, type TreeChanges } from "../git/tree-edit.js";
import {
  authorSignature,
  branchHead,
  createRef,
  deleteRef,
  GITHUB_COMMITTER,
  updateRef,
  writeCommit,
} from "../state/refs.js";
import type { RepoRecord } from "../state/types.js";
import { gqlFail, viewer, visibleRepo, type GqlContext } from "./context.js";
import { requireNode } from "./nodes.js";
import { gitObjectNode } from "./objects.js";
import { refNode } from "./repository.js";

interface CommitInput {
  clientMutationId?: string | null;
  branch: {
    repositoryNameWithOwner?: string | null;
    branchName?: string | null;
    id?: string | null;
  };
  expectedHeadOid: string;
  message: { headline: string; body?: string | null };
  fileChanges?: {
    additions?: Array<{ path: string; contents: string }> | null;
    deletions?: Array<{ path: string }> | null;
  } | null;
}

function target(
  ctx: GqlContext,
  branch: CommitInput["branch"],
): { repo: RepoRecord; name: string } {
  if (branch.id) {
    const found = requireNode(ctx, branch.id, ["Ref"]);
    return { repo: found.repo, name: found.ref.replace(/^refs\/heads\//, "") };
  }
  const full = branch.repositoryNameWithOwner ?? "";
  const repo = visibleRepo(ctx, ctx.state.repo(full), full);
  if (!branch.branchName)
    return gqlFail(
      "UNPROCESSABLE",
      "Either branch.id or branch.repositoryNameWithOwner and branch.branchName are required.",
    );
  return { repo, name: branch.branchName.replace(/^refs\/heads\//, "") };
}

/** createCommitOnBranch: a GitHub-signed commit, accepted only when the branch is still at expectedHeadOid. */
function createCommitOnBranch({ input }: { input: CommitInput }, ctx: GqlContext) {
  const { repo, name } = target(ctx, input.branch);
  ctx.beforeRefWrite(repo, name);
  const head =
    branchHead(repo, name) ??
    gqlFail(
      "NOT_FOUND",
      `Could not resolve to a ref named 'refs/heads/${name}' in ${repo.fullName}.`,
    );
  if (head !== input.expectedHeadOid) {
    gqlFail(
      "STALE_DATA",
      `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.`,
    );
  }
  if (!input.message.headline.trim())
    gqlFail("UNPROCESSABLE", "A commit message headline is required.");
  const tree = repo.git.commit(head)?.tree ?? "";
  const changes: TreeChanges = new Map();
  for (const d of input.fileChanges?.deletions ?? []) {
    if (!lookupPath(repo.git, tree, d.path))
      gqlFail(
        "UNPROCESSABLE",
        `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
      );
    changes.set(d.path, null);
  }
  for (const a of input.fileChanges?.additions ?? []) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(a.contents))
      gqlFail("UNPROCESSABLE", `Invalid base64 contents for path '${a.path}'.`);
    const mode = lookupPath(repo.git, tree, a.path)?.mode;
    changes.set(a.path, {
      mode: mode && mode !== "040000" ? mode : "100644",
      sha: repo.git.putBlob(Buffer.from(a.contents, "base64")),
    });
  }
  const body = input.message.body ? `\n\n${input.message.body}` : "";
  const sha = writeCommit(repo, {
    parent: head,
    changes,
    message: `${input.message.headline}${body}`,
    author: authorSignature(ctx.state, viewer(ctx)),
    committer: GITHUB_COMMITTER(ctx.state),
    verified: true,
  });
  const moved = updateRef(ctx.state, repo, `refs/heads/${name}`, sha, false);
  if (!moved.ok)
    gqlFail(
      "STALE_DATA",
      `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.`,
    );
  return {
    clientMutationId: input.clientMutationId ?? null,
    commit: gitObjectNode(ctx, repo, sha),
    ref: refNode(ctx, repo, `refs/heads/${name}`),
  };
}

function createRefMutation(
  {
    input,
  }: {
    input: { repositoryId: string; name: string; oid: string; clientMutationId?: string | null };
  },
  ctx: GqlContext,
) {
  const { repo } = requireNode(ctx, input.repositoryId, ["Repository"]);
  if (repo.refs.has(input.name))
    gqlFail("UNPROCESSABLE", `A ref named "${input.name}" already exists in the repository.`);
  if (repo.git.type(input.oid) !== "commit")
    gqlFail("UNPROCESSABLE", `Object ${input.oid} does not exist in the repository.`);
  const created = createRef(ctx.state, repo, input.name, input.oid);
  if (!created.ok) gqlFail("UNPROCESSABLE", created.error.message);
  return { clientMutationId: input.clientMutationId ?? null, ref: refNode(ctx, repo, input.name) };
}

function updateRefMutation(
  {
    input,
  }: {
    input: { refId: string; oid: string; force?: boolean | null; clientMutationId?: string | null };
  },
  ctx: GqlContext,
) {
  const { repo, ref } = requireNode(ctx, input.refId, ["Ref"]);
  if (ref.startsWith("refs/heads/")) ctx.beforeRefWrite(repo, ref.slice("refs/heads/".length));
  const moved = updateRef(ctx.state, repo, ref, input.oid, input.force ?? false);
  if (!moved.ok)
    gqlFail(
      moved.error.message.includes("fast forward") ? "STALE_DATA" : "UNPROCESSABLE",
      moved.error.message,
    );
  return { clientMutationId: input.clientMutationId ?? null, ref: refNode(ctx, repo, ref) };
}

function deleteRefMutation(
  { input }: { input: { refId: string; clientMutationId?: string | null } },
  ctx: GqlContext,
) {
  const { repo, ref } = requireNode(ctx, input.refId, ["Ref"]);
  deleteRef(ctx.state, repo, ref);
  return { clientMutationId: input.clientMutationId ?? null };
}

const ZERO_OID = "0".repeat(40);

interface RefUpdateInput {
  name: string;
  afterOid: string;
  beforeOid?: string | null;
  force?: boolean | null;
}

/**
 * updateRefs: several ref updates, all or nothing. `beforeOid` is the value a ref must still have
 * (zeros: it must not exist), `afterOid` the new one (zeros: delete); without `force` only
 * fast-forwards. A mismatch is worded as git words a failed ref lock.
 */
function updateRefsMutation(
  {
    input,
  }: {
    input: { repositoryId: string; refUpdates: RefUpdateInput[]; clientMutationId?: string | null };
  },
  ctx: GqlContext,
) {
  const { repo } = requireNode(ctx, input.repositoryId, ["Repository"]);
  for (const u of input.refUpdates)
    if (u.name.startsWith("refs/heads/"))
      ctx.beforeRefWrite(repo, u.name.slice("refs/heads/".length));
  for (const u of input.refUpdates) {
    const current = repo.refs.get(u.name);
    if (u.beforeOid !== undefined && u.beforeOid !== null && (current ?? ZERO_OID) !== u.beforeOid)
      gqlFail(
        "STALE_DATA",
        `cannot lock ref '${u.name}': is at ${current ?? ZERO_OID} but expected ${u.beforeOid}`,
      );
    if (u.afterOid === ZERO_OID) continue;
    if (repo.git.type(u.afterOid) !== "commit")
      gqlFail("UNPROCESSABLE", `Object ${u.afterOid} does not exist in the repository.`);
    if (current && !u.force && current !== u.afterOid && !isAncestor(repo.git, current, u.afterOid))
      gqlFail("STALE_DATA", `Update of ${u.name} is not a fast forward.`);
  }
  for (const u of input.refUpdates) {
    const moved =
      u.afterOid === ZERO_OID
        ? deleteRef(ctx.state, repo, u.name)
        : repo.refs.has(u.name)
          ? updateRef(ctx.state, repo, u.name, u.afterOid, true)
          : createRef(ctx.state, repo, u.name, u.afterOid);
    if (!moved.ok) gqlFail("UNPROCESSABLE", moved.error.message);
  }
  return { clientMutationId: input.clientMutationId ?? null };
}

export const commitMutations = {
  createCommitOnBranch,
  createRef: createRefMutation,
  updateRef: updateRefMutation,
  updateRefs: updateRefsMutation,
  deleteRef: deleteRefMutation,
};
