import { parseSourceUri } from "../core/gates/source-uri.js";
import type { CommitRelation } from "../core/plan/types.js";
import { commitOfTag } from "../core/versions/ci-scheme.js";
import type { RepoName } from "../ports/git-host.js";
import type { SourceHistory } from "../ports/source-history.js";

/** What the registry says of an image, as far as ordering CI tags needs it. */
export interface ImageLabels {
  /** `org.opencontainers.image.revision` (or the workflow run's head SHA). */
  revision?: string;
  /** The image's creation time (config `created`, else the `org.opencontainers.image.created` label). */
  created?: string;
}

export interface CommitOrderRequest {
  /** The `ci` policy's template; it names a commit (`{sha}` or `{short_sha}`). */
  template: string;
  pushed: { tag: string } & ImageLabels;
  /** Tags in use: deployed, or proposed by an open PR. */
  inUse: readonly string[];
  /** Revision labels of tags in use already read (their full SHAs), by tag. */
  revisions?: Readonly<Record<string, string>>;
  /** The image's source: its `org.opencontainers.image.source` label, or the workflow run's repository. */
  source: string | null;
  /** Labels of a tag in use, read only when the commits cannot be compared. */
  labelsOf(tag: string): Promise<ImageLabels>;
}

/**
 * How the pushed CI tag's commit stands against the commit of each tag in use, by tag: GitHub's
 * compare API on the source repository when it is on GitHub and the installation can read it,
 * else the images' creation times, each relation saying which it used and why. A pair neither can
 * order is `unknown` with the reason (the planner refuses it, never guesses).
 */
export async function relateCommits(
  request: CommitOrderRequest,
  history: SourceHistory | undefined,
): Promise<Record<string, CommitRelation>> {
  const pushedSha = shaOf(request.template, request.pushed.tag, request.pushed.revision);
  if (pushedSha === null) return {};
  const repo = githubRepo(request.source);
  const noCompare =
    request.source === null
      ? "the image names no source repository (org.opencontainers.image.source)"
      : repo === null
        ? `its source ${request.source} is not a GitHub repository`
        : history === undefined
          ? "no GitHub access was given to compare commits"
          : null;
  const out: Record<string, CommitRelation> = {};
  await Promise.all(
    [...new Set(request.inUse)]
      .filter((tag) => tag !== request.pushed.tag)
      .map(async (tag) => {
        const sha = shaOf(request.template, tag, request.revisions?.[tag]);
        if (sha === null) return;
        if (sameCommit(sha, pushedSha)) {
          out[tag] = { pushed: "same", why: `Both tags name commit ${sha.slice(0, 12)}.` };
          return;
        }
        let reason = noCompare;
        if (repo !== null && history !== undefined) {
          const compared = await history.compare(repo, sha, pushedSha);
          if (compared.ok) {
            out[tag] = fromComparison(request.pushed.tag, tag, repo, compared.value);
            return;
          }
          reason = compared.error.message;
        }
        out[tag] = await byCreation(request, tag, reason ?? "the commits could not be compared");
      }),
  );
  return out;
}

function fromComparison(
  pushed: string,
  tag: string,
  repo: RepoName,
  c: { status: string; aheadBy: number; behindBy: number },
): CommitRelation {
  const where = `in ${repo.owner}/${repo.name} (GitHub compare)`;
  const commits = (n: number) => `${n} commit${n === 1 ? "" : "s"}`;
  switch (c.status) {
    case "ahead":
      return {
        pushed: "newer",
        why: `Commit order: ${pushed} is ${commits(c.aheadBy)} ahead of ${tag} ${where}.`,
      };
    case "behind":
      return {
        pushed: "older",
        why: `Commit order: ${pushed} is ${commits(c.behindBy)} behind ${tag} ${where}, an older build delivered late.`,
      };
    case "identical":
      return {
        pushed: "same",
        why: `Commit order: ${pushed} and ${tag} are the same commit ${where}.`,
      };
    default:
      return {
        pushed: "unknown",
        why: `their commits have diverged ${where}: ${commits(c.aheadBy)} ahead and ${commits(c.behindBy)} behind, so neither is newer.`,
      };
  }
}

/** The images' creation times stand in for commit order, and the relation says so. */
async function byCreation(
  request: CommitOrderRequest,
  tag: string,
  reason: string,
): Promise<CommitRelation> {
  const a = Date.parse(request.pushed.created ?? "");
  const other = await request.labelsOf(tag);
  const b = Date.parse(other.created ?? "");
  if (Number.isNaN(a) || Number.isNaN(b) || a === b)
    return {
      pushed: "unknown",
      why: `commit order is unknown (${reason}), and the images' creation times ${Number.isNaN(a) || Number.isNaN(b) ? `are missing (${Number.isNaN(a) ? request.pushed.tag : tag})` : "are equal"}.`,
    };
  const [pushed, created] = [request.pushed.tag, request.pushed.created ?? ""];
  return {
    pushed: a > b ? "newer" : "older",
    why: `Ordered by the images' creation times (${pushed} ${created}, ${tag} ${other.created ?? ""}), not by commits: ${reason}.`,
  };
}

/** The tag's commit; its revision label when that is the same commit spelled in full. */
function shaOf(template: string, tag: string, revision: string | undefined): string | null {
  const sha = commitOfTag(template, tag);
  if (sha === null) return null;
  return revision && sameCommit(sha, revision) ? revision.toLowerCase() : sha;
}

function sameCommit(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.startsWith(y) || y.startsWith(x);
}

/** `owner/name` when the source is a github.com repository. */
export function githubRepo(source: string | null): RepoName | null {
  const parsed = source === null ? null : parseSourceUri(source);
  if (!parsed) return null;
  const [host, owner, name, ...rest] = parsed.repository.split("/");
  return host === "github.com" && owner && name && rest.length === 0 ? { owner, name } : null;
}
