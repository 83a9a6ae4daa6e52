import { z } from "zod";
import { notFound, unwrap } from "../errors.js";
import { json, noContent, type RouteDef, type SimContext } from "../http-types.js";
import { repoApi } from "../serialize/urls.js";
import { createRef, deleteRef, updateRef } from "../state/refs.js";
import type { RepoRecord } from "../state/types.js";
import { body, repoOf } from "./input.js";

export function refJson(
  ctx: SimContext,
  repo: RepoRecord,
  ref: string,
  sha: string,
): Record<string, unknown> {
  const type = repo.git.type(sha) ?? "commit";
  return {
    ref,
    node_id: `REF_${Buffer.from(`${repo.id}:${ref}`).toString("base64url")}`,
    url: `${repoApi(ctx.urls, repo)}/git/${ref}`,
    object: { type, sha, url: `${repoApi(ctx.urls, repo)}/git/${type}s/${sha}` },
  };
}

export const refRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/ref/{ref}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const ref = `refs/${req.params["ref"]}`;
      const sha = repo.refs.get(ref) ?? notFound();
      return json(200, refJson(ctx, repo, ref, sha));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const prefix = `refs/${req.params["ref"]}`;
      const refs = [...repo.refs]
        .filter(([name]) => name.startsWith(prefix))
        .sort(([a], [b]) => a.localeCompare(b));
      return json(
        200,
        refs.map(([name, sha]) => refJson(ctx, repo, name, sha)),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/refs",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const input = body(req, z.object({ ref: z.string(), sha: z.string() }));
      unwrap(createRef(ctx.state, repo, input.ref, input.sha));
      return json(201, refJson(ctx, repo, input.ref, input.sha));
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/git/refs/{ref}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const ref = `refs/${req.params["ref"]}`;
      const input = body(req, z.object({ sha: z.string(), force: z.boolean().optional() }));
      if (ref.startsWith("refs/heads/")) ctx.beforeRefWrite(repo, ref.slice("refs/heads/".length));
      unwrap(updateRef(ctx.state, repo, ref, input.sha, input.force ?? false));
      return json(200, refJson(ctx, repo, ref, input.sha));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/git/refs/{ref}",
    handler: (req, ctx) => {
      unwrap(deleteRef(ctx.state, repoOf(req), `refs/${req.params["ref"]}`));
      return noContent();
    },
  },
];
