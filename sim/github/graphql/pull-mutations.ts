import type { SimFailure } from "../errors.js";
import { waitsForChecks } from "../state/automerge.js";
import { addLabels } from "../state/issues.js";
import { mergePull } from "../state/merge-pull.js";
import { closePullRecord } from "../state/pull-lifecycle.js";
import { branchHead } from "../state/refs.js";
import { headSha, isOpen, openPull } from "../state/pulls.js";
import type { PullRecord, RepoRecord } from "../state/types.js";
import { gqlFail, viewer, type GqlContext } from "./context.js";
import { requireNode } from "./nodes.js";
import { pullRequestNode } from "./pull-request.js";

type Input<T> = { input: T & { clientMutationId?: string | null } };

/** GitHub's GraphQL message for a REST-style validation failure. */
export function failWith(f: SimFailure): never {
  const details = (f.errors ?? [])
    .map((e) =>
      typeof e === "string" ? e : String((e as Record<string, unknown>)["message"] ?? ""),
    )
    .filter(Boolean);
  return gqlFail(f.type ?? "UNPROCESSABLE", details.length ? details.join(", ") : f.message);
}

export const pull = (ctx: GqlContext, id: string): { repo: RepoRecord; pr: PullRecord } =>
  requireNode(ctx, id, ["PullRequest"]);
const done = (
  input: { clientMutationId?: string | null },
  ctx: GqlContext,
  repo: RepoRecord,
  pr: PullRecord,
) => ({
  clientMutationId: input.clientMutationId ?? null,
  pullRequest: pullRequestNode(ctx, repo, pr),
});

export const pullMutations = {
  createPullRequest(
    {
      input,
    }: Input<{
      repositoryId: string;
      baseRefName: string;
      headRefName: string;
      title: string;
      body?: string | null;
      draft?: boolean | null;
      maintainerCanModify?: boolean | null;
    }>,
    ctx: GqlContext,
  ) {
    const { repo } = requireNode(ctx, input.repositoryId, ["Repository"]);
    const created = openPull(ctx.state, repo, {
      head: input.headRefName,
      base: input.baseRefName,
      title: input.title,
      body: input.body ?? null,
      draft: input.draft ?? false,
      maintainerCanModify: input.maintainerCanModify ?? true,
      user: viewer(ctx),
    });
    if (!created.ok) failWith(created.error);
    return done(input, ctx, repo, created.value);
  },
  updatePullRequest(
    {
      input,
    }: Input<{
      pullRequestId: string;
      title?: string | null;
      body?: string | null;
      state?: string | null;
      baseRefName?: string | null;
      labelIds?: string[] | null;
      maintainerCanModify?: boolean | null;
    }>,
    ctx: GqlContext,
  ) {
    const { repo, pr } = pull(ctx, input.pullRequestId);
    const issue = repo.issues.get(pr.number);
    if (!issue) return gqlFail("NOT_FOUND", "pull request has no issue");
    if (input.baseRefName) {
      if (!branchHead(repo, input.baseRefName))
        gqlFail("UNPROCESSABLE", `Proposed base branch '${input.baseRefName}' was not found`);
      pr.base = input.baseRefName;
    }
    if (input.title != null) issue.title = input.title;
    if (input.body != null) issue.body = input.body;
    if (input.maintainerCanModify != null) pr.maintainerCanModify = input.maintainerCanModify;
    if (input.labelIds) {
      issue.labels = [];
      addLabels(
        ctx.state,
        repo,
        issue,
        input.labelIds.map((id) => requireNode(ctx, id, ["Label"]).name),
      );
    }
    if (input.state === "CLOSED") closePullRecord(ctx.state, repo, pr, headSha(repo, pr));
    if (input.state === "OPEN" && issue.state === "closed" && !pr.merged) {
      if (!branchHead(repo, pr.head))
        gqlFail(
          "UNPROCESSABLE",
          `state cannot be changed. The ${pr.head} branch has been deleted.`,
        );
      issue.state = "open";
      issue.closedAt = null;
    }
    issue.updatedAt = ctx.state.timestamp();
    return done(input, ctx, repo, pr);
  },
  closePullRequest({ input }: Input<{ pullRequestId: string }>, ctx: GqlContext) {
    const { repo, pr } = pull(ctx, input.pullRequestId);
    closePullRecord(ctx.state, repo, pr, headSha(repo, pr));
    return done(input, ctx, repo, pr);
  },
  mergePullRequest(
    {
      input,
    }: Input<{
      pullRequestId: string;
      mergeMethod?: string | null;
      commitHeadline?: string | null;
      commitBody?: string | null;
      expectedHeadOid?: string | null;
    }>,
    ctx: GqlContext,
  ) {
    const { repo, pr } = pull(ctx, input.pullRequestId);
    ctx.beforeRefWrite(repo, pr.base);
    const method = (input.mergeMethod ?? "MERGE").toLowerCase() as "merge" | "squash" | "rebase";
    const merged = mergePull(ctx.state, repo, pr, {
      method,
      by: viewer(ctx),
      ...(input.expectedHeadOid ? { sha: input.expectedHeadOid } : {}),
      ...(input.commitHeadline ? { title: input.commitHeadline } : {}),
      ...(input.commitBody ? { message: input.commitBody } : {}),
    });
    if (!merged.ok) failWith(merged.error);
    return done(input, ctx, repo, pr);
  },
  enablePullRequestAutoMerge(
    {
      input,
    }: Input<{
      pullRequestId: string;
      mergeMethod?: string | null;
      commitHeadline?: string | null;
      commitBody?: string | null;
      expectedHeadOid?: string | null;
    }>,
    ctx: GqlContext,
  ) {
    const { repo, pr } = pull(ctx, input.pullRequestId);
    if (!isOpen(repo, pr))
      gqlFail("UNPROCESSABLE", "Pull request is not in the correct state to enable auto-merge");
    const head = headSha(repo, pr);
    if (input.expectedHeadOid && input.expectedHeadOid !== head)
      gqlFail("STALE_DATA", `Expected head to point to "${input.expectedHeadOid}" but it did not.`);
    if (!waitsForChecks(repo, head)) gqlFail("UNPROCESSABLE", "Pull request is in clean status");
    pr.autoMerge = {
      method: (input.mergeMethod ?? "MERGE") as "MERGE" | "SQUASH" | "REBASE",
      enabledBy: viewer(ctx),
      enabledAt: ctx.state.timestamp(),
      commitHeadline: input.commitHeadline ?? null,
      commitBody: input.commitBody ?? null,
    };
    return done(input, ctx, repo, pr);
  },
  disablePullRequestAutoMerge({ input }: Input<{ pullRequestId: string }>, ctx: GqlContext) {
    const { repo, pr } = pull(ctx, input.pullRequestId);
    pr.autoMerge = null;
    return done(input, ctx, repo, pr);
  },
};
