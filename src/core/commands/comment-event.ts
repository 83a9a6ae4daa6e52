import { z } from "zod";
import type { Result } from "../result.js";
import { err, ok } from "../result.js";
import { DASHBOARD_LABEL } from "../dashboard/labels.js";
import { isBot } from "./permissions.js";

const user = z.object({ login: z.string(), type: z.string() });

const issueCommentSchema = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int(),
    user: user.nullable(),
    /** Present only when the issue is a pull request. */
    pull_request: z.object({}).passthrough().optional(),
    state: z.string().optional(),
    labels: z.array(z.object({ name: z.string() })).optional(),
  }),
  comment: z.object({ id: z.number().int(), body: z.string().nullable(), user: user.nullable() }),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
  installation: z.object({ id: z.number().int() }).optional(),
});

/** An `issue_comment` delivery reduced to what the command path needs. */
export interface CommentRequest {
  action: string;
  owner: string;
  repo: string;
  number: number;
  isPullRequest: boolean;
  /** Labels of the issue or PR: the dashboard issue carries `bumpwarden:dashboard`. */
  labels: string[];
  commentId: number;
  body: string;
  author: { login: string; type: string };
  pullRequestAuthor: string | null;
  installationId: number | null;
}

export type SkipReason = "not-created" | "not-a-pull-request" | "bot" | "no-slash";

/** Parses an `issue_comment` webhook payload; the error names the first missing field. */
export function toCommentRequest(payload: unknown): Result<CommentRequest, string> {
  const parsed = issueCommentSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(
      `not an issue_comment payload: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
    );
  }
  const p = parsed.data;
  const author = p.comment.user ?? { login: "ghost", type: "User" };
  return ok({
    action: p.action,
    owner: p.repository.owner.login,
    repo: p.repository.name,
    number: p.issue.number,
    isPullRequest: p.issue.pull_request !== undefined,
    labels: (p.issue.labels ?? []).map((l) => l.name),
    commentId: p.comment.id,
    body: p.comment.body ?? "",
    author,
    pullRequestAuthor: p.issue.user?.login ?? null,
    installationId: p.installation?.id ?? null,
  });
}

/**
 * Why a comment is not looked at, or null when it is. Only new comments run commands (an edit
 * must not run them again); of issues, only the dashboard issue takes commands (`/recheck`); bots,
 * the app itself included, are never obeyed; a body without a slash cannot hold a command, which
 * spares parsing most comments.
 */
export function skipReason(request: CommentRequest): SkipReason | null {
  if (request.action !== "created") return "not-created";
  if (!request.isPullRequest && !request.labels.includes(DASHBOARD_LABEL))
    return "not-a-pull-request";
  if (isBot(request.author)) return "bot";
  if (!request.body.includes("/")) return "no-slash";
  return null;
}
