import { z } from "zod";

/**
 * The repository's merge settings, as `GET /repos/{owner}/{repo}` returns them. GitHub only
 * includes these fields for callers allowed to see them; missing ones take GitHub's defaults.
 */
export interface MergeSettings {
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  /** `COMMIT_OR_PR_TITLE`: a PR with one commit squashes to that commit's message. */
  squashMergeCommitTitle: "PR_TITLE" | "COMMIT_OR_PR_TITLE";
  /** `MERGE_MESSAGE`: "Merge pull request #N from …" (never checked: commitlint ignores merges). */
  mergeCommitTitle: "PR_TITLE" | "MERGE_MESSAGE";
}

export const GITHUB_DEFAULT_MERGE_SETTINGS: MergeSettings = {
  allowMergeCommit: true,
  allowSquashMerge: true,
  allowRebaseMerge: true,
  squashMergeCommitTitle: "COMMIT_OR_PR_TITLE",
  mergeCommitTitle: "MERGE_MESSAGE",
};

const repositorySchema = z.object({
  allow_merge_commit: z.boolean().optional(),
  allow_squash_merge: z.boolean().optional(),
  allow_rebase_merge: z.boolean().optional(),
  squash_merge_commit_title: z.enum(["PR_TITLE", "COMMIT_OR_PR_TITLE"]).optional(),
  merge_commit_title: z.enum(["PR_TITLE", "MERGE_MESSAGE"]).optional(),
  /** Legacy flag (2022) that `squash_merge_commit_title` replaced. */
  use_squash_pr_title_as_default: z.boolean().optional(),
});

/** Reads merge settings from a repository object of the REST API; unknown shapes get defaults. */
export function mergeSettingsFromRepository(repository: unknown): MergeSettings {
  const parsed = repositorySchema.safeParse(repository);
  if (!parsed.success) return GITHUB_DEFAULT_MERGE_SETTINGS;
  const r = parsed.data;
  const d = GITHUB_DEFAULT_MERGE_SETTINGS;
  const legacyTitle = r.use_squash_pr_title_as_default === true ? "PR_TITLE" : undefined;
  return {
    allowMergeCommit: r.allow_merge_commit ?? d.allowMergeCommit,
    allowSquashMerge: r.allow_squash_merge ?? d.allowSquashMerge,
    allowRebaseMerge: r.allow_rebase_merge ?? d.allowRebaseMerge,
    squashMergeCommitTitle: r.squash_merge_commit_title ?? legacyTitle ?? d.squashMergeCommitTitle,
    mergeCommitTitle: r.merge_commit_title ?? d.mergeCommitTitle,
  };
}

export interface PullRequestCommit {
  sha: string;
  message: string;
  /** Number of parents; merge commits (2+) do not count for GitHub's single-commit rule. */
  parents: number;
}

export interface PullRequestMessages {
  number: number;
  title: string;
  /** Oldest first, as `GET /pulls/{n}/commits` lists them. */
  commits: PullRequestCommit[];
  /** The base branch, for the `git rebase -i` hint. */
  baseRef: string;
}

/** How a message reaches the base branch. */
export type Way =
  | "squash" // as the squash commit's message (GitHub appends " (#N)" to its first line)
  | "merge-commit" // as the merge commit's title (merge_commit_title: PR_TITLE)
  | "merge" // kept as it is under a merge commit
  | "rebase"; // replayed as it is by rebase-and-merge

export type Source =
  { kind: "title" } | { kind: "commit"; sha: string; index: number; isLast: boolean };

/** One message to check, with the text it will have on the base branch. */
export interface Landing {
  source: Source;
  /** As written: the PR title, or the commit message. */
  written: string;
  /** As it lands, when that differs (" (#N)" appended by a squash); the text that is linted. */
  landing: string;
  ways: Way[];
  /** The message GitHub proposes for a squash merge: listed first. */
  squashMessage: boolean;
}

export interface LandingPlan {
  landings: Landing[];
  /** Which message a squash merge uses, when squash merges are allowed. */
  squash: { from: "title" } | { from: "commit"; sha: string } | null;
}

/**
 * Which messages land on the base branch, and how, under GitHub's rules: a squash uses the PR
 * title followed by " (#N)", or with `COMMIT_OR_PR_TITLE` the only non-merge commit's message; a
 * merge commit keeps every commit and may take the PR title; rebase-and-merge keeps every commit.
 * The PR title is always listed; commits are listed when they land or `checkCommits` is set.
 */
export function planLandings(
  pr: PullRequestMessages,
  settings: MergeSettings,
  options: { checkCommits: boolean },
): LandingPlan {
  const suffix = ` (#${pr.number})`;
  const nonMerge = pr.commits.filter((c) => c.parents <= 1);
  const single = nonMerge.length === 1 ? nonMerge[0] : undefined;
  const squashFromCommit =
    settings.allowSquashMerge && settings.squashMergeCommitTitle === "COMMIT_OR_PR_TITLE" && single;

  const titleWays: Way[] = [];
  if (settings.allowSquashMerge && !squashFromCommit) titleWays.push("squash");
  if (settings.allowMergeCommit && settings.mergeCommitTitle === "PR_TITLE")
    titleWays.push("merge-commit");
  const title: Landing = {
    source: { kind: "title" },
    written: pr.title,
    landing: titleWays.length > 0 ? pr.title + suffix : pr.title,
    ways: titleWays,
    squashMessage: titleWays.includes("squash"),
  };

  const commits: Landing[] = [];
  pr.commits.forEach((commit, index) => {
    const ways: Way[] = [];
    const squashed = squashFromCommit && commit === single;
    if (squashed) ways.push("squash");
    if (settings.allowMergeCommit) ways.push("merge");
    if (settings.allowRebaseMerge) ways.push("rebase");
    if (!squashed && !options.checkCommits) return;
    commits.push({
      source: { kind: "commit", sha: commit.sha, index, isLast: index === pr.commits.length - 1 },
      written: commit.message,
      landing: squashed ? appendToHeader(commit.message, suffix) : commit.message,
      ways,
      squashMessage: Boolean(squashed),
    });
  });

  const landings = [title, ...commits].sort(
    (a, b) => Number(b.squashMessage) - Number(a.squashMessage),
  );
  const squash = !settings.allowSquashMerge
    ? null
    : squashFromCommit
      ? { from: "commit" as const, sha: squashFromCommit.sha }
      : { from: "title" as const };
  return { landings, squash };
}

/** Appends to the first line of a message, keeping its line ending style. */
export function appendToHeader(message: string, suffix: string): string {
  const end = message.search(/\r?\n/);
  return end === -1 ? message + suffix : message.slice(0, end) + suffix + message.slice(end);
}
