import { nodeId } from "../serialize/node-id.js";
import { addLabels } from "../state/issues.js";
import { submitReview } from "../state/review-submit.js";
import { gqlFail, viewer, type GqlContext } from "./context.js";
import { nodeOf, requireNode } from "./nodes.js";
import { issueCommentNode, pullRequestNode, threadNode } from "./pull-request.js";
import { failWith, pull } from "./pull-mutations.js";

type Input<T> = { input: T & { clientMutationId?: string | null } };

/** Mutations on the conversation: review threads, comments, labels, reviews. */
export const conversationMutations = {
  resolveReviewThread({ input }: Input<{ threadId: string }>, ctx: GqlContext) {
    const { repo, thread } = requireNode(ctx, input.threadId, ["PullRequestReviewThread"]);
    thread.resolved = true;
    thread.resolvedBy = viewer(ctx);
    return {
      clientMutationId: input.clientMutationId ?? null,
      thread: threadNode(ctx, repo, thread),
    };
  },
  unresolveReviewThread({ input }: Input<{ threadId: string }>, ctx: GqlContext) {
    const { repo, thread } = requireNode(ctx, input.threadId, ["PullRequestReviewThread"]);
    thread.resolved = false;
    thread.resolvedBy = null;
    return {
      clientMutationId: input.clientMutationId ?? null,
      thread: threadNode(ctx, repo, thread),
    };
  },
  addComment({ input }: Input<{ subjectId: string; body: string }>, ctx: GqlContext) {
    const found = requireNode(ctx, input.subjectId, ["PullRequest", "Issue"]);
    const number = found.kind === "PullRequest" ? found.pr.number : found.issue.number;
    if (input.body.length > 65536)
      gqlFail("UNPROCESSABLE", "Body is too long (maximum is 65536 characters)");
    const now = ctx.state.timestamp();
    const comment = {
      id: ctx.state.nextId(),
      issueNumber: number,
      user: viewer(ctx),
      body: input.body,
      reactions: [],
      createdAt: now,
      updatedAt: now,
    };
    found.repo.issueComments.set(comment.id, comment);
    const node = issueCommentNode(ctx, found.repo, comment);
    return {
      clientMutationId: input.clientMutationId ?? null,
      commentEdge: { node, cursor: "" },
      subject: nodeOf(ctx, found),
      timelineEdge: { node, cursor: "" },
    };
  },
  addLabelsToLabelable(
    { input }: Input<{ labelableId: string; labelIds: string[] }>,
    ctx: GqlContext,
  ) {
    const found = requireNode(ctx, input.labelableId, ["PullRequest", "Issue"]);
    const issue = found.repo.issues.get(
      found.kind === "PullRequest" ? found.pr.number : found.issue.number,
    );
    if (issue)
      addLabels(
        ctx.state,
        found.repo,
        issue,
        input.labelIds.map((id) => requireNode(ctx, id, ["Label"]).name),
      );
    return { clientMutationId: input.clientMutationId ?? null, labelable: nodeOf(ctx, found) };
  },
  removeLabelsFromLabelable(
    { input }: Input<{ labelableId: string; labelIds: string[] }>,
    ctx: GqlContext,
  ) {
    const found = requireNode(ctx, input.labelableId, ["PullRequest", "Issue"]);
    const issue = found.repo.issues.get(
      found.kind === "PullRequest" ? found.pr.number : found.issue.number,
    );
    const drop = new Set(
      input.labelIds.map((id) => requireNode(ctx, id, ["Label"]).name.toLowerCase()),
    );
    if (issue) issue.labels = issue.labels.filter((l) => !drop.has(l.toLowerCase()));
    return { clientMutationId: input.clientMutationId ?? null, labelable: nodeOf(ctx, found) };
  },
  addPullRequestReview(
    {
      input,
    }: Input<{
      pullRequestId: string;
      body?: string | null;
      event?: string | null;
      commitOID?: string | null;
      threads?: Array<{
        path: string;
        body: string;
        line?: number | null;
        side?: string | null;
        startLine?: number | null;
        startSide?: string | null;
      }> | null;
    }>,
    ctx: GqlContext,
  ) {
    const { repo, pr } = pull(ctx, input.pullRequestId);
    const event =
      input.event === "APPROVE" || input.event === "REQUEST_CHANGES" || input.event === "COMMENT"
        ? input.event
        : undefined;
    const comments = (input.threads ?? []).map((t) => ({
      path: t.path,
      body: t.body,
      line: t.line ?? undefined,
      side: (t.side ?? "RIGHT") as "LEFT" | "RIGHT",
      startLine: t.startLine ?? undefined,
      startSide: (t.startSide ?? undefined) as "LEFT" | "RIGHT" | undefined,
    }));
    const review = submitReview(ctx.state, repo, pr, {
      user: viewer(ctx),
      body: input.body ?? "",
      event,
      commitId: input.commitOID ?? undefined,
      comments,
    });
    if (!review.ok) failWith(review.error);
    const r = review.value;
    return {
      clientMutationId: input.clientMutationId ?? null,
      pullRequestReview: {
        __typename: "PullRequestReview",
        id: nodeId("PullRequestReview", r.id),
        databaseId: r.id,
        state: r.state,
        body: r.body,
        pullRequest: pullRequestNode(ctx, repo, pr),
      },
    };
  },
};
