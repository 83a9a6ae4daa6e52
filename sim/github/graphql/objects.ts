import { isBinary } from "../diff.js";
import { ancestors } from "../git/history.js";
import { signatureDate, type Signature } from "../git/objects.js";
import { listTree, lookupPath } from "../git/tree-edit.js";
import { nodeId } from "../serialize/node-id.js";
import { repoHtml } from "../serialize/urls.js";
import { allGreen, combinedStatus } from "../state/checks.js";
import { resolveRev } from "../state/refs.js";
import type { Account, LabelRecord, RepoRecord } from "../state/types.js";
import { connection, type GqlContext, type PageArgs } from "./context.js";

export type Node = Record<string, unknown>;

export function actorNode(ctx: GqlContext, a: Account): Node {
  const typename = a.type === "Organization" ? "Organization" : a.type;
  return {
    __typename: typename,
    id: nodeId(a.type, a.id),
    databaseId: a.id,
    login: a.login,
    url: `${ctx.urls.web}/${a.login}`,
    avatarUrl: `${ctx.urls.web}/avatars/u/${a.id}`,
  };
}

export function labelNode(l: LabelRecord): Node {
  return {
    __typename: "Label",
    id: nodeId("Label", l.id),
    name: l.name,
    color: l.color,
    description: l.description,
    isDefault: false,
  };
}

function gitActor(ctx: GqlContext, s: Signature): Node {
  const user = ctx.state.users.get(s.name.toLowerCase());
  return {
    name: s.name,
    email: s.email,
    date: signatureDate(s),
    user: user && user.type === "User" ? actorNode(ctx, user) : null,
  };
}

const MODE_INT: Record<string, number> = {
  "100644": 0o100644,
  "100755": 0o100755,
  "040000": 0o40000,
  "120000": 0o120000,
  "160000": 0o160000,
};

/** Commit, Tree or Blob by OID, as `Repository.object` returns it; null when absent. */
export function gitObjectNode(ctx: GqlContext, repo: RepoRecord, oid: string): Node | null {
  const type = repo.git.type(oid);
  const base = {
    id: `GO_${oid}`,
    oid,
    abbreviatedOid: oid.slice(0, 7),
    commitUrl: `${repoHtml(ctx.urls, repo)}/commit/${oid}`,
    repository: () => ({ __typename: "Repository", nameWithOwner: repo.fullName }),
  };
  if (type === "blob") {
    const content = repo.git.blob(oid) ?? Buffer.alloc(0);
    const binary = isBinary(content);
    return {
      ...base,
      __typename: "Blob",
      byteSize: content.length,
      isBinary: binary,
      isTruncated: false,
      text: binary ? null : content.toString("utf8"),
    };
  }
  if (type === "tree") {
    return {
      ...base,
      __typename: "Tree",
      entries: () =>
        listTree(repo.git, oid, false).map((e) => ({
          __typename: "TreeEntry",
          name: e.path,
          path: e.path,
          type: e.type,
          mode: MODE_INT[e.mode] ?? 0,
          oid: e.sha,
          extension: e.path.includes(".") ? e.path.slice(e.path.lastIndexOf(".")) : null,
          isGenerated: false,
          size: repo.git.blob(e.sha)?.length ?? 0,
          object: () => gitObjectNode(ctx, repo, e.sha),
        })),
    };
  }
  const c = repo.git.commit(oid);
  if (!c) return null;
  const [headline, ...rest] = c.message.split("\n");
  return {
    ...base,
    __typename: "Commit",
    url: `${repoHtml(ctx.urls, repo)}/commit/${oid}`,
    message: c.message,
    messageHeadline: headline ?? "",
    messageBody: rest.join("\n").replace(/^\n+/, ""),
    committedDate: signatureDate(c.committer),
    authoredDate: signatureDate(c.author),
    author: gitActor(ctx, c.author),
    committer: gitActor(ctx, c.committer),
    tree: () => gitObjectNode(ctx, repo, c.tree),
    treeOid: c.tree,
    file: ({ path }: { path: string }) => {
      const entry = lookupPath(repo.git, c.tree, path);
      if (!entry) return null;
      const name = path.slice(path.lastIndexOf("/") + 1);
      return {
        __typename: "TreeEntry",
        name,
        path,
        type: entry.mode === "040000" ? "tree" : "blob",
        mode: MODE_INT[entry.mode] ?? 0,
        oid: entry.sha,
        extension: name.includes(".") ? name.slice(name.lastIndexOf(".")) : null,
        isGenerated: false,
        size: repo.git.blob(entry.sha)?.length ?? 0,
        object: () => gitObjectNode(ctx, repo, entry.sha),
      };
    },
    parents: (args: PageArgs) =>
      connection(
        c.parents.map((p) => gitObjectNode(ctx, repo, p)),
        args,
      ),
    history: (args: PageArgs & { path?: string }) => {
      const commits = [...ancestors(repo.git, oid)]
        .map((sha) => ({ sha, data: repo.git.commit(sha) }))
        .filter((x) => x.data && (!args.path || pathChanged(repo, x.sha, args.path)))
        .sort((a, b) => (b.data?.committer.time ?? 0) - (a.data?.committer.time ?? 0));
      return connection(
        commits.map((x) => gitObjectNode(ctx, repo, x.sha)),
        args,
      );
    },
    signature: repo.verified.has(oid)
      ? {
          __typename: "GpgSignature",
          isValid: true,
          state: "VALID",
          wasSignedByGitHub: true,
          signer: null,
        }
      : null,
    statusCheckRollup: () => rollup(repo, oid),
    status: () => {
      const s = combinedStatus(repo, oid);
      return s.statuses.length
        ? {
            state: s.state.toUpperCase(),
            contexts: s.statuses.map((x) => ({
              context: x.context,
              state: x.state.toUpperCase(),
              description: x.description,
              targetUrl: x.targetUrl,
            })),
          }
        : null;
    },
  };
}

function pathChanged(repo: RepoRecord, sha: string, path: string): boolean {
  const c = repo.git.commit(sha);
  if (!c) return false;
  const here = lookupPath(repo.git, c.tree, path)?.sha;
  const parent = c.parents[0] ? repo.git.commit(c.parents[0]) : undefined;
  const before = parent ? lookupPath(repo.git, parent.tree, path)?.sha : undefined;
  return here !== before;
}

function rollup(repo: RepoRecord, sha: string): Node | null {
  const runs = [...repo.checkRuns.values()].filter((r) => r.headSha === sha);
  const { state, statuses } = combinedStatus(repo, sha);
  if (runs.length === 0 && statuses.length === 0) return null;
  let rolled = allGreen(repo, sha) ? "SUCCESS" : "PENDING";
  if (
    state === "failure" ||
    runs.some(
      (r) =>
        r.status === "completed" &&
        ["failure", "timed_out", "cancelled", "action_required"].includes(r.conclusion ?? ""),
    )
  )
    rolled = "FAILURE";
  return { state: rolled };
}

/** The commit OID an expression ("main", "main:path/to/file", "<sha>:") names; undefined when absent. */
export function resolveExpression(repo: RepoRecord, expression: string): string | undefined {
  const colon = expression.indexOf(":");
  const rev = colon < 0 ? expression : expression.slice(0, colon);
  const commit = resolveRev(repo, rev) ?? (repo.git.type(rev) ? rev : undefined);
  if (!commit || colon < 0) return commit;
  const tree = repo.git.commit(commit)?.tree;
  if (!tree) return undefined;
  return lookupPath(repo.git, tree, expression.slice(colon + 1))?.sha;
}
