import type { FileDiff } from "../diff.js";
import { signatureDate, type Signature } from "../git/objects.js";
import type { SimState } from "../state/state.js";
import type { RepoRecord } from "../state/types.js";
import { userJson } from "./accounts.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";

const person = (s: Signature): Record<string, string> => ({
  name: s.name,
  email: s.email,
  date: signatureDate(s),
});

function verification(repo: RepoRecord, sha: string): Record<string, unknown> {
  const verified = repo.verified.has(sha);
  return {
    verified,
    reason: verified ? "valid" : "unsigned",
    signature: verified
      ? "-----BEGIN PGP SIGNATURE-----\n(simulated)\n-----END PGP SIGNATURE-----"
      : null,
    payload: null,
    verified_at: null,
  };
}

/** GET /repos/{owner}/{repo}/git/commits/{sha}. */
export function gitCommitJson(
  u: Urls,
  repo: RepoRecord,
  sha: string,
): Record<string, unknown> | undefined {
  const c = repo.git.commit(sha);
  if (!c) return undefined;
  const api = repoApi(u, repo);
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${api}/git/commits/${sha}`,
    html_url: `${repoHtml(u, repo)}/commit/${sha}`,
    author: person(c.author),
    committer: person(c.committer),
    message: c.message,
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${api}/git/commits/${p}`,
      html_url: `${repoHtml(u, repo)}/commit/${p}`,
    })),
    verification: verification(repo, sha),
  };
}

/** The `commit` shape of GET …/commits/{ref}, PR commits and compare. */
export function repoCommitJson(
  state: SimState,
  u: Urls,
  repo: RepoRecord,
  sha: string,
  files?: FileDiff[],
): Record<string, unknown> | undefined {
  const c = repo.git.commit(sha);
  if (!c) return undefined;
  const api = repoApi(u, repo);
  const account = (s: Signature): Record<string, unknown> | null => {
    const known = state.users.get(s.name.toLowerCase());
    return known ? userJson(u, known) : null;
  };
  const out: Record<string, unknown> = {
    sha,
    node_id: `C_${sha}`,
    url: `${api}/commits/${sha}`,
    html_url: `${repoHtml(u, repo)}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: person(c.author),
      committer: person(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      comment_count: 0,
      verification: verification(repo, sha),
    },
    author: account(c.author),
    committer: account(c.committer),
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${api}/commits/${p}`,
      html_url: `${repoHtml(u, repo)}/commit/${p}`,
    })),
  };
  if (files) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    out["stats"] = { additions, deletions, total: additions + deletions };
    out["files"] = files.map((f) => fileJson(u, repo, sha, f));
  }
  return out;
}

/** One entry of PR files, compare files and commit files. */
export function fileJson(
  u: Urls,
  repo: RepoRecord,
  ref: string,
  f: FileDiff,
): Record<string, unknown> {
  const path = f.filename.split("/").map(encodeURIComponent).join("/");
  const out: Record<string, unknown> = {
    sha: (f.after ?? f.before)?.sha ?? null,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoHtml(u, repo)}/blob/${ref}/${path}`,
    raw_url: `${repoHtml(u, repo)}/raw/${ref}/${path}`,
    contents_url: `${repoApi(u, repo)}/contents/${path}?ref=${ref}`,
  };
  if (f.patch !== undefined) out["patch"] = f.patch;
  return out;
}
