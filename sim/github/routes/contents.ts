import { z } from "zod";
import { fail, notFound } from "../errors.js";
import {
  json,
  type RouteDef,
  type SimContext,
  type SimRequest,
  type SimResponse,
} from "../http-types.js";
import { listTree, lookupPath, type ListedEntry } from "../git/tree-edit.js";
import { gitCommitJson } from "../serialize/commits.js";
import { repoApi, repoHtml } from "../serialize/urls.js";
import { authorSignature, branchHead, resolveRev, updateRef, writeCommit } from "../state/refs.js";
import type { RepoRecord } from "../state/types.js";
import { wrappedBase64 } from "./git.js";
import { body, repoOf } from "./input.js";

const KIND: Record<ListedEntry["type"], string> = {
  blob: "file",
  tree: "dir",
  commit: "submodule",
};

function entryJson(
  ctx: SimContext,
  repo: RepoRecord,
  ref: string,
  e: ListedEntry,
): Record<string, unknown> {
  const enc = e.path.split("/").map(encodeURIComponent).join("/");
  const api = repoApi(ctx.urls, repo);
  const self = `${api}/contents/${enc}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`;
  const html = `${repoHtml(ctx.urls, repo)}/${e.type === "tree" ? "tree" : "blob"}/${ref}/${enc}`;
  const type = e.mode === "120000" ? "symlink" : (KIND[e.type] ?? "file");
  return {
    type,
    size: e.type === "blob" ? (repo.git.blob(e.sha)?.length ?? 0) : 0,
    name: e.path.slice(e.path.lastIndexOf("/") + 1),
    path: e.path,
    sha: e.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: e.type === "blob" ? `${repoHtml(ctx.urls, repo)}/raw/${ref}/${enc}` : null,
    _links: { self, git, html },
  };
}

function wantsRaw(req: SimRequest): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(String(req.headers["accept"] ?? ""));
}

function getContents(req: SimRequest, ctx: SimContext): SimResponse {
  const repo = repoOf(req);
  const ref = req.query.get("ref") ?? repo.defaultBranch;
  const commit = resolveRev(repo, ref) ?? fail(404, `No commit found for the ref ${ref}`);
  const tree = repo.git.commit(commit)?.tree ?? notFound();
  const path = (req.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
  const entry = lookupPath(repo.git, tree, path) ?? notFound();
  if (entry.type === "tree") {
    const children = listTree(repo.git, entry.sha, false).map((c) => ({
      ...c,
      path: path ? `${path}/${c.path}` : c.path,
    }));
    return json(
      200,
      children.map((c) => entryJson(ctx, repo, ref, c)),
    );
  }
  const content = repo.git.blob(entry.sha) ?? Buffer.alloc(0);
  if (wantsRaw(req))
    return {
      status: 200,
      text: content,
      headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
    };
  return json(200, {
    ...entryJson(ctx, repo, ref, entry),
    content: wrappedBase64(content),
    encoding: "base64",
  });
}

const person = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });

function writeFile(req: SimRequest, ctx: SimContext, remove: boolean): SimResponse {
  const repo = repoOf(req);
  const input = body(
    req,
    z.object({
      message: z.string(),
      content: z.string().optional(),
      sha: z.string().optional(),
      branch: z.string().optional(),
      author: person.optional(),
      committer: person.optional(),
    }),
  );
  const branch = input.branch ?? repo.defaultBranch;
  const path = (req.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
  ctx.beforeRefWrite(repo, branch);
  const parent = branchHead(repo, branch) ?? fail(404, `Branch ${branch} not found`);
  const existing = lookupPath(repo.git, repo.git.commit(parent)?.tree ?? "", path);
  if (existing?.type === "tree") fail(422, `${path} is a directory`);
  if (remove && !existing) notFound();
  if (existing && input.sha === undefined) fail(422, `Invalid request.\n\n"sha" wasn't supplied.`);
  if (existing && input.sha !== existing.sha) fail(409, `${path} does not match ${input.sha}`);
  const change = remove
    ? null
    : {
        mode: existing?.mode ?? ("100644" as const),
        sha: repo.git.putBlob(Buffer.from(input.content ?? "", "base64")),
      };
  const who = authorSignature(
    ctx.state,
    req.caller.kind === "installation" ? ctx.state.bot : ctx.state.user("ghost"),
  );
  const sig = (p?: z.infer<typeof person>) =>
    p
      ? {
          name: p.name,
          email: p.email,
          time: Math.floor((p.date ? new Date(p.date) : ctx.state.now()).getTime() / 1000),
          tz: "+0000",
        }
      : undefined;
  const author = sig(input.author) ?? who;
  const sha = writeCommit(repo, {
    parent,
    changes: new Map([[path, change]]),
    message: input.message,
    author,
    committer: sig(input.committer) ?? author,
    verified: !input.author && !input.committer,
  });
  const moved = updateRef(ctx.state, repo, `refs/heads/${branch}`, sha, false);
  if (!moved.ok) fail(409, `${path} does not match ${input.sha ?? ""}`);
  const commit = gitCommitJson(ctx.urls, repo, sha);
  if (remove) return json(200, { content: null, commit });
  const entry = lookupPath(repo.git, repo.git.commit(sha)?.tree ?? "", path) ?? notFound();
  return json(existing ? 200 : 201, { content: entryJson(ctx, repo, branch, entry), commit });
}

export const contentRoutes: RouteDef[] = [
  { method: "GET", template: "/repos/{owner}/{repo}/contents/{path}", handler: getContents },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/contents/{path}",
    handler: (req, ctx) => writeFile(req, ctx, false),
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/contents/{path}",
    handler: (req, ctx) => writeFile(req, ctx, true),
  },
];
