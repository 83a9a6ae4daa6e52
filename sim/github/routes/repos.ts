import { fail, notFound } from "../errors.js";
import { diffTrees, formatUnifiedDiff } from "../diff.js";
import { ancestors } from "../git/history.js";
import { json, noContent, type RouteDef, type SimRequest } from "../http-types.js";
import { userJson } from "../serialize/accounts.js";
import { repoCommitJson } from "../serialize/commits.js";
import { pullJson } from "../serialize/pulls.js";
import { repoJson } from "../serialize/repo.js";
import { repoApi, repoHtml } from "../serialize/urls.js";
import { pullCommits } from "../state/pulls.js";
import { resolveRev } from "../state/refs.js";
import type { RepoRecord } from "../state/types.js";
import { paginate, repoOf } from "./input.js";

const wantsDiff = (req: SimRequest): boolean =>
  /application\/vnd\.github(\.v3)?\.(diff|patch)/.test(String(req.headers["accept"] ?? ""));

/** Files a commit changed against its first parent. */
function commitFiles(repo: RepoRecord, sha: string) {
  const c = repo.git.commit(sha);
  if (!c) return [];
  const parent = c.parents[0] ? (repo.git.commit(c.parents[0])?.tree ?? null) : null;
  return diffTrees(repo.git, parent, c.tree);
}

/** Effective permission of a login on a repository, as the collaborator permission endpoint reports it. */
export function permissionOf(
  repo: RepoRecord,
  login: string,
): { permission: string; role: string } {
  const role = repo.collaborators.get(login.toLowerCase());
  if (!role)
    return repo.private
      ? { permission: "none", role: "none" }
      : { permission: "read", role: "read" };
  const permission = {
    admin: "admin",
    maintain: "write",
    write: "write",
    triage: "read",
    read: "read",
  }[role];
  return { permission, role };
}

export const repoRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}",
    handler: (req, ctx) => json(200, repoJson(ctx.urls, repoOf(req))),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/branches",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const branches = [...repo.refs]
        .filter(([r]) => r.startsWith("refs/heads/"))
        .sort(([a], [b]) => a.localeCompare(b));
      const items = branches.map(([ref, sha]) => ({
        name: ref.slice(11),
        commit: { sha, url: `${repoApi(ctx.urls, repo)}/commits/${sha}` },
        protected: false,
      }));
      return paginate(req, ctx.urls, items);
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/branches/{branch}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const name = req.params["branch"] ?? "";
      const sha = repo.refs.get(`refs/heads/${name}`) ?? fail(404, "Branch not found");
      const html = `${repoHtml(ctx.urls, repo)}/tree/${name}`;
      const api = `${repoApi(ctx.urls, repo)}/branches/${name}`;
      return json(200, {
        name,
        commit: repoCommitJson(ctx.state, ctx.urls, repo, sha),
        _links: { self: api, html },
        protected: false,
        protection: {
          enabled: false,
          required_status_checks: { enforcement_level: "off", contexts: [], checks: [] },
        },
        protection_url: `${api}/protection`,
      });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const start =
        resolveRev(repo, req.query.get("sha") ?? repo.defaultBranch) ??
        fail(404, "No commit found for SHA");
      const path = req.query.get("path");
      const history = [...ancestors(repo.git, start)]
        .map((sha) => ({ sha, time: repo.git.commit(sha)?.committer.time ?? 0 }))
        .sort((a, b) => b.time - a.time)
        .map((c) => c.sha)
        .filter(
          (sha) =>
            !path ||
            commitFiles(repo, sha).some(
              (f) => f.filename === path || f.filename.startsWith(`${path}/`),
            ),
        );
      return paginate(
        req,
        ctx.urls,
        history.map((sha) => repoCommitJson(ctx.state, ctx.urls, repo, sha)),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const ref = req.params["ref"] ?? "";
      const sha = resolveRev(repo, ref) ?? fail(422, `No commit found for SHA: ${ref}`);
      const files = commitFiles(repo, sha);
      if (wantsDiff(req))
        return {
          status: 200,
          text: formatUnifiedDiff(files),
          headers: { "content-type": "application/vnd.github.diff; charset=utf-8" },
        };
      return json(200, repoCommitJson(ctx.state, ctx.urls, repo, sha, files));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const sha = resolveRev(repo, req.params["commit_sha"] ?? "") ?? notFound();
      const pulls = [...repo.pulls.values()].filter(
        (p) => p.mergeCommitSha === sha || pullCommits(repo, p).includes(sha),
      );
      return paginate(
        req,
        ctx.urls,
        pulls.map((p) => pullJson(ctx.state, ctx.urls, repo, p, false)),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const login = req.params["username"] ?? "";
      const user = ctx.state.users.get(login.toLowerCase()) ?? notFound();
      const { permission, role } = permissionOf(repo, login);
      return json(200, {
        permission,
        role_name: role,
        user: {
          ...userJson(ctx.urls, user),
          permissions: {
            admin: permission === "admin",
            maintain: role === "maintain" || permission === "admin",
            push: permission === "write" || permission === "admin",
            triage: role !== "read" && permission !== "none",
            pull: permission !== "none",
          },
          role_name: role,
        },
      });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/collaborators/{username}",
    handler: (req) =>
      repoOf(req).collaborators.has((req.params["username"] ?? "").toLowerCase())
        ? noContent()
        : notFound(),
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/tags",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const tags = [...repo.refs]
        .filter(([r]) => r.startsWith("refs/tags/"))
        .sort(([a], [b]) => b.localeCompare(a));
      return paginate(
        req,
        ctx.urls,
        tags.map(([r, sha]) => ({
          name: r.slice(10),
          commit: { sha, url: `${repoApi(ctx.urls, repo)}/commits/${sha}` },
          zipball_url: "",
          tarball_url: "",
          node_id: `TAG_${sha}`,
        })),
      );
    },
  },
];
