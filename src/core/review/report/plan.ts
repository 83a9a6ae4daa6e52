import type { Finding, Severity } from "../finding.js";
import { compareFindings } from "../finding.js";
import { renderComment } from "./comment-body.js";
import type { FileDiff } from "./diff.js";
import { matchThreads } from "./match.js";
import type { BotThread } from "./match.js";
import { placeFinding } from "./place.js";
import type { CommentPlace } from "./place.js";

export type { BotThread } from "./match.js";

export interface InlineComment extends CommentPlace {
  body: string;
  finding: Finding;
}

export interface ReviewPlanInput {
  /** The findings to report (in files the PR changes). */
  findings: readonly Finding[];
  diff: ReadonlyMap<string, FileDiff>;
  threads: readonly BotThread[];
  /** Open bumpwarden threads allowed on the PR at once (`review.maxInlineComments`). */
  maxInline: number;
  /** False for drafts: no new inline comments, everything goes to the check run. */
  inline?: boolean;
  docsUrl?: string;
}

export interface ReviewPlan {
  /** New inline comments, for one review. */
  post: InlineComment[];
  /** Open threads whose finding is gone. */
  resolve: string[];
  /** Findings that already have an open thread: left as they are. */
  kept: Finding[];
  /** Findings shown nowhere else: the check run's annotations. */
  annotations: Finding[];
  /** Findings on added lines that did not get a comment because of the cap. */
  overCap: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Reconciles findings with the threads already on the PR, paired by fingerprint and nearest line
 * (`matchThreads`). A finding with an open thread keeps it (never posted twice); one whose thread
 * someone resolved is not posted again (it goes to the check run); an open thread whose finding is
 * gone, or that duplicates another's, is resolved; new findings on added lines get
 * comments, most severe first, while open threads stay within `maxInline` (as reviewdog caps a
 * review), so re-running on the same head plans nothing new.
 */
export function planReview(input: ReviewPlanInput): ReviewPlan {
  const { matched, unmatched } = matchThreads(input.findings, input.threads);
  const resolve = unmatched.filter((t) => !t.resolved).map((t) => t.id);

  const kept: Finding[] = [];
  const candidates: Array<{ f: Finding; place: CommentPlace }> = [];
  const annotations: Finding[] = [];
  for (const f of input.findings) {
    const thread = matched.get(f);
    if (thread && !thread.resolved) {
      kept.push(f);
      continue;
    }
    const place =
      input.inline === false || thread ? undefined : placeFinding(f, input.diff.get(f.file));
    if (place) candidates.push({ f, place });
    else annotations.push(f);
  }

  candidates.sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || compareFindings(a.f, b.f));
  const room = Math.max(0, input.maxInline - kept.length);
  const post = candidates.slice(0, room).map(({ f, place }) => ({
    ...place,
    body: renderComment(f, place.suggestion, input.docsUrl),
    finding: f,
  }));
  const over = candidates.slice(room).map((c) => c.f);
  return {
    post: post.sort((a, b) => compareFindings(a.finding, b.finding)),
    resolve,
    kept,
    annotations: [...annotations, ...over].sort(compareFindings),
    overCap: over.length,
  };
}
