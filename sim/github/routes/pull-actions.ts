import { z } from "zod";
import { fail, notFound, unwrap } from "../errors.js";
import { mergeBase } from "../git/history.js";
import { mergeTrees } from "../git/merge.js";
import { json, noContent, type RouteDef } from "../http-types.js";
import { pullJson } from "../serialize/pulls.js";
import { userJson } from "../serialize/accounts.js";
import { mergePull } from "../state/merge-pull.js";
import { baseSha, headSha, isOpen } from "../state/pulls.js";
import { authorSignature, GITHUB_COMMITTER, updateRef } from "../state/refs.js";
import { actor, body } from "./input.js";
import { pullOf } from "./pulls.js";

export const pullActionRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    handler: (req) => (pullOf(req).pr.merged ? noContent() : notFound()),
  },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(
        req,
        z.object({
          commit_title: z.string().optional(),
          commit_message: z.string().optional(),
          sha: z.string().optional(),
          merge_method: z.enum(["merge", "squash", "rebase"]).optional(),
        }),
      );
      ctx.beforeRefWrite(repo, pr.base);
      const options = {
        method: input.merge_method ?? "merge",
        by: actor(req, ctx.state),
        ...(input.sha ? { sha: input.sha } : {}),
        ...(input.commit_title ? { title: input.commit_title } : {}),
        ...(input.commit_message ? { message: input.commit_message } : {}),
      } as const;
      const { sha } = unwrap(mergePull(ctx.state, repo, pr, options));
      return json(200, { sha, merged: true, message: "Pull Request successfully merged" });
    },
  },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/update-branch",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(req, z.object({ expected_head_sha: z.string().optional() }));
      const head = headSha(repo, pr);
      if (!isOpen(repo, pr)) fail(422, "Pull request is closed");
      if (input.expected_head_sha && input.expected_head_sha !== head)
        fail(422, "expected head sha didn’t match current head ref.");
      const base = baseSha(repo, pr);
      const mb = mergeBase(repo.git, base, head);
      if (mb === base) fail(422, "There are no new commits on the base branch.");
      const tree = (sha: string) => repo.git.commit(sha)?.tree ?? "";
      const merged = mergeTrees(repo.git, mb ? tree(mb) : null, tree(head), tree(base));
      if (!merged.ok) fail(422, "merge conflict between base and head");
      const sha = repo.git.putCommit({
        tree: merged.tree,
        parents: [head, base],
        author: authorSignature(ctx.state, actor(req, ctx.state)),
        committer: GITHUB_COMMITTER(ctx.state),
        message: `Merge branch '${pr.base}' into ${pr.head}`,
      });
      repo.verified.add(sha);
      unwrap(updateRef(ctx.state, repo, `refs/heads/${pr.head}`, sha, false));
      return json(202, {
        message: "Updating pull request branch.",
        url: `${ctx.urls.api}/repos/${repo.fullName}/pulls/${pr.number}`,
      });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handler: (req, ctx) => {
      const { pr } = pullOf(req);
      return json(200, {
        users: pr.requestedReviewers.map((l) => userJson(ctx.urls, ctx.state.user(l))),
        teams: pr.requestedTeams.map((slug, i) => ({
          id: i + 1,
          node_id: `T_${slug}`,
          name: slug,
          slug,
        })),
      });
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(
        req,
        z.object({
          reviewers: z.array(z.string()).optional(),
          team_reviewers: z.array(z.string()).optional(),
        }),
      );
      const author = repo.issues.get(pr.number)?.user.login.toLowerCase();
      for (const login of input.reviewers ?? []) {
        if (login.toLowerCase() === author)
          fail(422, "Review cannot be requested from pull request author.");
        if (!repo.collaborators.has(login.toLowerCase()))
          fail(
            422,
            "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the " +
              `${repo.fullName} repository.`,
          );
        if (!pr.requestedReviewers.some((r) => r.toLowerCase() === login.toLowerCase()))
          pr.requestedReviewers.push(ctx.state.user(login).login);
      }
      for (const team of input.team_reviewers ?? [])
        if (!pr.requestedTeams.includes(team)) pr.requestedTeams.push(team);
      return json(201, pullJson(ctx.state, ctx.urls, repo, pr, false));
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    handler: (req, ctx) => {
      const { repo, pr } = pullOf(req);
      const input = body(
        req,
        z.object({
          reviewers: z.array(z.string()),
          team_reviewers: z.array(z.string()).optional(),
        }),
      );
      const drop = new Set(input.reviewers.map((r) => r.toLowerCase()));
      pr.requestedReviewers = pr.requestedReviewers.filter((r) => !drop.has(r.toLowerCase()));
      pr.requestedTeams = pr.requestedTeams.filter(
        (t) => !(input.team_reviewers ?? []).includes(t),
      );
      return json(200, pullJson(ctx.state, ctx.urls, repo, pr, false));
    },
  },
];
