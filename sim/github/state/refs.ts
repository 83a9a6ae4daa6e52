import { err, ok, type Result } from "../../../src/core/result.js";
import type { SimFailure } from "../errors.js";
import { isAncestor } from "../git/history.js";
import { signatureAt, type Signature } from "../git/objects.js";
import { updateTree, type TreeChanges } from "../git/tree-edit.js";
import { afterBranchMoved } from "./pull-lifecycle.js";
import type { SimState } from "./state.js";
import type { Account, RepoRecord } from "./types.js";

export type RefError = SimFailure;

/** Resolves a revision the way GitHub's `ref`/`sha` parameters do: branch, tag, full ref, SHA or prefix. */
export function resolveRev(repo: RepoRecord, rev: string): string | undefined {
  if (rev === "HEAD") return repo.refs.get(`refs/heads/${repo.defaultBranch}`);
  for (const name of [rev, `refs/${rev}`, `refs/heads/${rev}`, `refs/tags/${rev}`]) {
    const sha = repo.refs.get(name);
    if (sha) return sha;
  }
  const sha = repo.git.expand(rev.toLowerCase());
  return sha && repo.git.type(sha) === "commit" ? sha : undefined;
}

export function branchHead(repo: RepoRecord, branch: string): string | undefined {
  return repo.refs.get(`refs/heads/${branch}`);
}

export function isValidRefName(ref: string): boolean {
  if (!/^refs\/[^/]+\/.+/.test(ref)) return false;
  // git check-ref-format: no control characters, spaces or ~^:?*[\ , no "..", "//", "@{", ".lock".
  // eslint-disable-next-line no-control-regex
  return !/(^|\/)\.|\.\.|[\x00-\x20~^:?*[\\]|\/\/|\/$|\.lock(\/|$)|@\{|\.$/.test(ref);
}

export function createRef(
  state: SimState,
  repo: RepoRecord,
  ref: string,
  sha: string,
): Result<void, RefError> {
  if (!isValidRefName(ref)) return err({ status: 422, message: `${ref} is not a valid ref name.` });
  if (repo.refs.has(ref)) return err({ status: 422, message: "Reference already exists" });
  if (!repo.git.has(sha)) return err({ status: 422, message: "Object does not exist" });
  repo.refs.set(ref, sha);
  afterBranchMoved(state, repo, ref, undefined);
  return ok(undefined);
}

/** Moves a ref; without `force` only a fast-forward is accepted, as the REST API does. */
export function updateRef(
  state: SimState,
  repo: RepoRecord,
  ref: string,
  sha: string,
  force: boolean,
): Result<void, RefError> {
  const current = repo.refs.get(ref);
  if (!current) return err({ status: 422, message: "Reference does not exist" });
  if (repo.git.type(sha) !== "commit")
    return err({ status: 422, message: "Object does not exist" });
  if (!force && current !== sha && !isAncestor(repo.git, current, sha)) {
    return err({ status: 422, message: "Update is not a fast forward" });
  }
  repo.refs.set(ref, sha);
  afterBranchMoved(state, repo, ref, current);
  return ok(undefined);
}

export function deleteRef(state: SimState, repo: RepoRecord, ref: string): Result<void, RefError> {
  const before = repo.refs.get(ref);
  if (!before) return err({ status: 422, message: "Reference does not exist" });
  repo.refs.delete(ref);
  afterBranchMoved(state, repo, ref, before);
  return ok(undefined);
}

export function authorSignature(state: SimState, who: Account): Signature {
  const email =
    who.type === "Bot"
      ? `${who.id}+${who.login}@users.noreply.github.com`
      : `${who.login.toLowerCase()}@users.noreply.github.com`;
  return signatureAt(who.login, email, state.now());
}

export interface CommitRequest {
  parent: string | null;
  changes: TreeChanges;
  message: string;
  author: Signature;
  committer?: Signature;
  /** A commit GitHub creates on the user's behalf (web flow): signed, so "verified". */
  verified?: boolean;
}

/** Writes a commit on top of `parent` with path changes applied to its tree; returns the commit SHA. */
export function writeCommit(repo: RepoRecord, req: CommitRequest): string {
  const baseTree = req.parent ? (repo.git.commit(req.parent)?.tree ?? null) : null;
  const tree = updateTree(repo.git, baseTree, req.changes);
  const sha = repo.git.putCommit({
    tree,
    parents: req.parent ? [req.parent] : [],
    author: req.author,
    committer: req.committer ?? req.author,
    message: req.message,
  });
  if (req.verified) repo.verified.add(sha);
  return sha;
}

/** Blob changes from file contents (null deletes), in regular file mode. */
export function fileChanges(
  repo: RepoRecord,
  files: Record<string, string | Buffer | null>,
): TreeChanges {
  const changes: TreeChanges = new Map();
  for (const [path, content] of Object.entries(files)) {
    changes.set(path, content === null ? null : { mode: "100644", sha: repo.git.putBlob(content) });
  }
  return changes;
}

export const GITHUB_COMMITTER = (state: SimState): Signature =>
  signatureAt("GitHub", "noreply@github.com", state.now());
