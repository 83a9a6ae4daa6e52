import { z } from "zod";
import { fail, notFound, validationFailed } from "../errors.js";
import { json, type RouteDef, type SimRequest } from "../http-types.js";
import { issueJson, labelJson } from "../serialize/issues.js";
import { addLabels, ensureLabel } from "../state/issues.js";
import type { IssueRecord, RepoRecord } from "../state/types.js";
import { body, paginate, repoOf } from "./input.js";
import { issueOf } from "./issues.js";

/** The label list forms the labels endpoints accept: names, {name} objects, or either wrapped in {labels}. */
export const labelNames = z
  .union([
    z.string(),
    z.array(z.union([z.string(), z.object({ name: z.string() })])),
    z.object({ labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional() }),
  ])
  .transform((v) => {
    const list = typeof v === "string" ? [v] : Array.isArray(v) ? v : (v.labels ?? []);
    return list.map((l) => (typeof l === "string" ? l : l.name));
  });

const issueLabels = (
  req: SimRequest,
  repo: RepoRecord,
  issue: IssueRecord,
  urls: Parameters<typeof labelJson>[0],
) =>
  json(
    200,
    issue.labels.flatMap((n) => {
      const l = repo.labels.get(n.toLowerCase());
      return l ? [labelJson(urls, repo, l)] : [];
    }),
  );

export const labelRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      return issueLabels(req, repo, issue, ctx.urls);
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      addLabels(ctx.state, repo, issue, body(req, labelNames));
      return issueLabels(req, repo, issue, ctx.urls);
    },
  },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      issue.labels = [];
      addLabels(ctx.state, repo, issue, body(req, labelNames));
      return issueLabels(req, repo, issue, ctx.urls);
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      const name = (req.params["name"] ?? "").toLowerCase();
      if (!issue.labels.some((l) => l.toLowerCase() === name)) fail(404, "Label does not exist");
      issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
      return issueLabels(req, repo, issue, ctx.urls);
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/assignees",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      for (const login of body(req, z.object({ assignees: z.array(z.string()).optional() }))
        .assignees ?? []) {
        if (!issue.assignees.some((a) => a.login.toLowerCase() === login.toLowerCase()))
          issue.assignees.push(ctx.state.user(login));
      }
      return json(201, issueJson(ctx.urls, repo, issue));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/assignees",
    handler: (req, ctx) => {
      const { repo, issue } = issueOf(req);
      const drop = new Set(
        (body(req, z.object({ assignees: z.array(z.string()).optional() })).assignees ?? []).map(
          (a) => a.toLowerCase(),
        ),
      );
      issue.assignees = issue.assignees.filter((a) => !drop.has(a.login.toLowerCase()));
      return json(200, issueJson(ctx.urls, repo, issue));
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/labels",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return paginate(
        req,
        ctx.urls,
        [...repo.labels.values()].map((l) => labelJson(ctx.urls, repo, l)),
      );
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/labels/{name}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      return json(
        200,
        labelJson(
          ctx.urls,
          repo,
          repo.labels.get((req.params["name"] ?? "").toLowerCase()) ?? notFound(),
        ),
      );
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/labels",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const input = body(
        req,
        z.object({
          name: z.string(),
          color: z.string().optional(),
          description: z.string().optional(),
        }),
      );
      if (repo.labels.has(input.name.toLowerCase()))
        validationFailed("Label", "name", "already_exists");
      const label = ensureLabel(ctx.state, repo, input.name);
      label.color = (input.color ?? "ededed").replace(/^#/, "");
      label.description = input.description ?? null;
      return json(201, labelJson(ctx.urls, repo, label));
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/labels/{name}",
    handler: (req, ctx) => {
      const repo = repoOf(req);
      const label = repo.labels.get((req.params["name"] ?? "").toLowerCase()) ?? notFound();
      const input = body(
        req,
        z.object({
          new_name: z.string().optional(),
          color: z.string().optional(),
          description: z.string().optional(),
        }),
      );
      if (input.new_name) {
        repo.labels.delete(label.name.toLowerCase());
        for (const i of repo.issues.values())
          i.labels = i.labels.map((l) =>
            l.toLowerCase() === label.name.toLowerCase() ? (input.new_name ?? l) : l,
          );
        label.name = input.new_name;
        repo.labels.set(label.name.toLowerCase(), label);
      }
      if (input.color) label.color = input.color.replace(/^#/, "");
      if (input.description !== undefined) label.description = input.description;
      return json(200, labelJson(ctx.urls, repo, label));
    },
  },
];
