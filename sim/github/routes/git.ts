import { z } from "zod";
import { fail, notFound } from "../errors.js";
import { json, type RouteDef } from "../http-types.js";
import type { FileMode } from "../git/objects.js";
import { listTree, updateTree, type TreeChanges } from "../git/tree-edit.js";
import { gitCommitJson } from "../serialize/commits.js";
import { repoApi } from "../serialize/urls.js";
import { resolveRev } from "../state/refs.js";
import type { RepoRecord } from "../state/types.js";
import { body, repoOf } from "./input.js";

/** Base64 wrapped at 60 columns with a trailing newline, as GitHub returns blob content. */
export function wrappedBase64(content: Buffer): string {
  const b64 = content.toString("base64");
  return b64 ? `${b64.replace(/.{60}/g, "$&\n").replace(/\n$/, "")}\n` : "";
}

/** A tree SHA from a tree, commit or revision name (the endpoint accepts any tree-ish). */
function treeish(repo: RepoRecord, value: string): string | undefined {
  const sha = repo.git.expand(value.toLowerCase()) ?? resolveRev(repo, value);
  if (!sha) return undefined;
  if (repo.git.type(sha) === "tree") return sha;
  return repo.git.commit(sha)?.tree;
}

const person = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });
const MODES = ["100644", "100755", "040000", "160000", "120000"] as const;

export const gitRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const sha = req.params["file_sha"] ?? "";
      const content = repo.git.blob(sha) ?? notFound();
      return json(200, {
        sha,
        node_id: `B_${sha}`,
        size: content.length,
        url: `${repoApi(ctx.urls, repo)}/git/blobs/${sha}`,
        content: wrappedBase64(content),
        encoding: "base64",
      });
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/blobs",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const input = body(
        req,
        z.object({ content: z.string(), encoding: z.enum(["utf-8", "base64"]).optional() }),
      );
      const sha = repo.git.putBlob(
        input.encoding === "base64"
          ? Buffer.from(input.content, "base64")
          : Buffer.from(input.content),
      );
      return json(201, { url: `${repoApi(ctx.urls, repo)}/git/blobs/${sha}`, sha });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const sha = treeish(repo, req.params["tree_sha"] ?? "") ?? notFound();
      const recursive =
        req.query.has("recursive") && !["0", "false"].includes(req.query.get("recursive") ?? "");
      const all = listTree(repo.git, sha, recursive);
      const limit = ctx.state.options.treeEntryLimit;
      const api = repoApi(ctx.urls, repo);
      const tree = all.slice(0, limit).map((e) => {
        const entry: Record<string, unknown> = {
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
        };
        if (e.type === "blob") entry["size"] = repo.git.blob(e.sha)?.length ?? 0;
        if (e.type !== "commit") entry["url"] = `${api}/git/${e.type}s/${e.sha}`;
        return entry;
      });
      return json(200, {
        sha,
        url: `${api}/git/trees/${sha}`,
        tree,
        truncated: all.length > limit,
      });
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/trees",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const entry = z.object({
        path: z.string(),
        mode: z.enum(MODES),
        type: z.enum(["blob", "tree", "commit"]),
        sha: z.string().nullable().optional(),
        content: z.string().optional(),
      });
      const input = body(req, z.object({ tree: z.array(entry), base_tree: z.string().optional() }));
      if (input.base_tree && repo.git.type(input.base_tree) !== "tree")
        fail(422, "Invalid tree info", [`base_tree ${input.base_tree} is not a tree`]);
      const changes: TreeChanges = new Map();
      for (const e of input.tree) {
        if (e.content !== undefined)
          changes.set(e.path, { mode: e.mode as FileMode, sha: repo.git.putBlob(e.content) });
        else if (e.sha === null) changes.set(e.path, null);
        else if (e.sha && (e.type === "commit" || repo.git.type(e.sha) === e.type))
          changes.set(e.path, { mode: e.mode as FileMode, sha: e.sha });
        else
          fail(
            422,
            `GitRPC::BadObjectState: tree.sha ${e.sha ?? "(missing)"} is not a valid ${e.type}`,
          );
      }
      const sha = updateTree(repo.git, input.base_tree ?? null, changes);
      const api = repoApi(ctx.urls, repo);
      const tree = listTree(repo.git, sha, false).map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        url: `${api}/git/${e.type}s/${e.sha}`,
      }));
      return json(201, { sha, url: `${api}/git/trees/${sha}`, tree, truncated: false });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    handler: (req, ctx) =>
      json(200, gitCommitJson(ctx.urls, repoOf(req), req.params["commit_sha"] ?? "") ?? notFound()),
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/commits",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const input = body(
        req,
        z.object({
          message: z.string(),
          tree: z.string(),
          parents: z.array(z.string()).optional(),
          author: person.optional(),
          committer: person.optional(),
        }),
      );
      if (repo.git.type(input.tree) !== "tree") fail(422, "Tree SHA does not exist");
      for (const p of input.parents ?? [])
        if (repo.git.type(p) !== "commit")
          fail(422, "Parent SHA does not exist or is not a commit object");
      const bot = ctx.state.bot;
      const sig = (p: z.infer<typeof person> | undefined) => {
        const date = p?.date ? new Date(p.date) : ctx.state.now();
        return {
          name: p?.name ?? bot.login,
          email: p?.email ?? `${bot.id}+${bot.login}@users.noreply.github.com`,
          time: Math.floor(date.getTime() / 1000),
          tz: "+0000",
        };
      };
      const author = sig(input.author);
      const sha = repo.git.putCommit({
        tree: input.tree,
        parents: input.parents ?? [],
        author,
        committer: input.committer ? sig(input.committer) : author,
        message: input.message,
      });
      if (!input.author && !input.committer) repo.verified.add(sha);
      return json(201, gitCommitJson(ctx.urls, repo, sha));
    },
  },
];
