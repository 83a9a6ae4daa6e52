import { randomBytes } from "node:crypto";
import { fail, notFound } from "../errors.js";
import { json, type RouteDef, type SimContext } from "../http-types.js";
import { userJson } from "../serialize/accounts.js";
import { appJson } from "../serialize/checks.js";
import { repoJson } from "../serialize/repo.js";
import type { InstallationRecord } from "../state/types.js";
import { intParam, paginate } from "./input.js";

export function installationJson(
  ctx: SimContext,
  inst: InstallationRecord,
): Record<string, unknown> {
  const { state, urls } = ctx;
  return {
    id: inst.id,
    account: userJson(urls, inst.account),
    repository_selection: inst.repositories === "all" ? "all" : "selected",
    access_tokens_url: `${urls.api}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/settings/installations/${inst.id}`,
    app_id: state.app.id,
    app_slug: state.app.slug,
    client_id: state.app.clientId,
    target_id: inst.account.id,
    target_type: inst.account.type,
    permissions: inst.permissions,
    events: inst.events,
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

function byAccount(ctx: SimContext, login: string): InstallationRecord {
  for (const inst of ctx.state.installations.values()) {
    if (inst.account.login.toLowerCase() === login.toLowerCase()) return inst;
  }
  return notFound();
}

export const appRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/app",
    auth: "app",
    handler: (_req, ctx) => json(200, appJson(ctx.state, ctx.urls)),
  },
  {
    method: "GET",
    template: "/app/installations",
    auth: "app",
    handler: (req, ctx) =>
      paginate(
        req,
        ctx.urls,
        [...ctx.state.installations.values()].map((i) => installationJson(ctx, i)),
      ),
  },
  {
    method: "GET",
    template: "/app/installations/{installation_id}",
    auth: "app",
    handler: (req, ctx) => {
      const inst = ctx.state.installations.get(intParam(req, "installation_id")) ?? notFound();
      return json(200, installationJson(ctx, inst));
    },
  },
  {
    method: "POST",
    template: "/app/installations/{installation_id}/access_tokens",
    auth: "app",
    handler: (req, ctx) => {
      const inst = ctx.state.installations.get(intParam(req, "installation_id")) ?? notFound();
      const token = `ghs_${randomBytes(18).toString("base64url")}`;
      const expiresAt = new Date(ctx.state.now().getTime() + 3600_000);
      ctx.state.tokens.set(token, { installationId: inst.id, expiresAt });
      const body: Record<string, unknown> = {
        token,
        expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: inst.permissions,
        repository_selection: inst.repositories === "all" ? "all" : "selected",
      };
      if (inst.repositories !== "all")
        body["repositories"] = ctx.state.installationRepos(inst).map((r) => repoJson(ctx.urls, r));
      return json(201, body);
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/installation",
    auth: "app",
    handler: (req, ctx) => {
      const repo = ctx.state.repo(`${req.params["owner"]}/${req.params["repo"]}`) ?? notFound();
      return json(200, installationJson(ctx, ctx.state.installationFor(repo) ?? notFound()));
    },
  },
  {
    method: "GET",
    template: "/orgs/{org}/installation",
    auth: "app",
    handler: (req, ctx) =>
      json(200, installationJson(ctx, byAccount(ctx, req.params["org"] ?? ""))),
  },
  {
    method: "GET",
    template: "/users/{username}/installation",
    auth: "app",
    handler: (req, ctx) =>
      json(200, installationJson(ctx, byAccount(ctx, req.params["username"] ?? ""))),
  },
  {
    method: "GET",
    template: "/installation/repositories",
    handler: (req, ctx) => {
      if (req.caller.kind !== "installation")
        return fail(403, "This endpoint requires an installation access token");
      const repos = ctx.state
        .installationRepos(req.caller.installation)
        .map((r) => repoJson(ctx.urls, r));
      const page = paginate(req, ctx.urls, repos);
      const selection = req.caller.installation.repositories === "all" ? "all" : "selected";
      return {
        ...page,
        body: {
          total_count: repos.length,
          repository_selection: selection,
          repositories: page.body,
        },
      };
    },
  },
  {
    method: "GET",
    template: "/users/{username}",
    handler: (req, ctx) => {
      const user = ctx.state.users.get((req.params["username"] ?? "").toLowerCase()) ?? notFound();
      return json(200, {
        ...userJson(ctx.urls, user),
        name: null,
        company: null,
        blog: "",
        location: null,
        email: null,
        bio: null,
        public_repos: 0,
        followers: 0,
        following: 0,
        created_at: "2020-01-01T00:00:00Z",
        updated_at: "2020-01-01T00:00:00Z",
      });
    },
  },
  {
    method: "GET",
    template: "/rate_limit",
    handler: (_req, ctx) => {
      const reset = Math.floor(ctx.state.now().getTime() / 1000) + 3600;
      const core = { limit: 5000, used: 0, remaining: 5000, reset };
      const search = { ...core, limit: 30, remaining: 30 };
      return json(200, { resources: { core, graphql: core, search }, rate: core });
    },
  },
];
