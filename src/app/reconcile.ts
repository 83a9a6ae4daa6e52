import { defaultConfig, parseConfig } from "../core/config/load.js";
import type { Config } from "../core/config/schema.js";
import type { CommitHistory } from "../core/plan/commit-history.js";
import { imageRuleFor } from "../core/plan/image-rule.js";
import { planReconcile } from "../core/plan/reconcile.js";
import type { DeployedReference, ReconcileRequest } from "../core/plan/reconcile.js";
import type { Result } from "../core/result.js";
import { commitOfTag, ordersByCommit } from "../core/versions/ci-scheme.js";
import type { ImageIndex } from "../ports/image-index.js";
import type { Registry } from "../ports/registry.js";
import type { SourceHistory } from "../ports/source-history.js";
import { githubRepo } from "./commit-order.js";

export interface RepoReconcile {
  installationId: number;
  repo: string;
  requests: ReconcileRequest[];
  /** Images left to their pushes, and why (a `ci` policy whose source history could not be read). */
  skipped?: Array<{ repository: string; why: string }>;
}

/** GitHub's compare API as an installation sees it (`ci` policies order tags by commit). */
export type HistoryFor = (installationId: number) => Promise<SourceHistory>;

/**
 * What every indexed repository would have been asked to bump had no webhook been lost, from the
 * index (no GitHub request) and the registries' tag lists (cached, ETag-revalidated). Cheap when
 * nothing changed: no request to GitHub at all, except for images under a `ci` policy whose tags
 * name commits, whose order comes from their source repository's history.
 */
export async function reconcileIndex(
  index: ImageIndex,
  registry: Registry,
  historyFor?: HistoryFor,
): Promise<RepoReconcile[]> {
  const out: RepoReconcile[] = [];
  const tags = new Map<string, readonly string[]>();
  for (const [installationId, repo] of await index.repos()) {
    const indexed = await index.getRepo(installationId, repo);
    if (!indexed) continue;
    const parsed = parseConfig(indexed.config ?? "");
    const config = parsed.ok ? parsed.value : defaultConfig();
    const references = Object.values(indexed.files).flat();
    const wanted: Record<string, readonly string[]> = {};
    const histories: Record<string, CommitHistory> = {};
    const skipped: Array<{ repository: string; why: string }> = [];
    for (const repository of new Set(references.map((r) => r.repository))) {
      if (!tags.has(repository)) {
        const listed = await registry.listTags(repository);
        tags.set(repository, listed.ok ? listed.value : []);
      }
      wanted[repository] = tags.get(repository) ?? [];
      const template = ciTemplate(config, repository);
      if (template === null) continue;
      const history = await historyOf(template, repository, references, registry, async () =>
        historyFor ? historyFor(installationId) : undefined,
      );
      if (history.ok) histories[repository] = history.value;
      else skipped.push({ repository, why: history.error });
    }
    const requests = planReconcile(config, references, wanted, histories);
    if (requests.length > 0 || skipped.length > 0)
      out.push({ installationId, repo, requests, ...(skipped.length > 0 && { skipped }) });
  }
  return out;
}

function ciTemplate(config: Config, repository: string): string | null {
  const policy = imageRuleFor(config, repository)?.policy;
  return policy && "ci" in policy && ordersByCommit(policy.ci) ? policy.ci : null;
}

/**
 * The source's history from the oldest deployed commit to its default branch's head: each
 * deployed commit is compared with `HEAD`, and the longest answer holds the others.
 */
async function historyOf(
  template: string,
  repository: string,
  references: readonly DeployedReference[],
  registry: Registry,
  history: () => Promise<SourceHistory | undefined>,
): Promise<Result<CommitHistory, string>> {
  const deployed = [
    ...new Set(
      references
        .filter((r) => r.repository === repository && r.tag !== null)
        .map((r) => r.tag as string)
        .filter((t) => commitOfTag(template, t) !== null),
    ),
  ];
  const shas = [...new Set(deployed.map((t) => commitOfTag(template, t) as string))];
  const first = deployed[0];
  if (first === undefined) return fail(repository, `no deployed tag matches "${template}"`);
  const source = await sourceOf(registry, repository, first);
  const repo = githubRepo(source);
  if (repo === null)
    return fail(
      repository,
      source === null
        ? `${first} names no source repository (org.opencontainers.image.source)`
        : `its source ${source} is not a GitHub repository`,
    );
  const client = await history();
  if (!client) return fail(repository, "no GitHub access was given to compare commits");
  let best: { base: string; commits: string[] } | null = null;
  let error = "";
  for (const sha of shas) {
    const compared = await client.compare(repo, sha, "HEAD");
    if (!compared.ok) error = compared.error.message;
    else if (compared.value.status === "ahead" || compared.value.status === "identical") {
      if (!best || compared.value.commits.length > best.commits.length)
        best = { base: sha, commits: compared.value.commits };
    } else
      error = `${sha.slice(0, 12)} is ${compared.value.status} of HEAD in ${repo.owner}/${repo.name}`;
  }
  if (!best) return fail(repository, error);
  return {
    ok: true,
    value: {
      commits: [best.base, ...best.commits],
      why: `commit order from GitHub's compare API on ${repo.owner}/${repo.name}, ${best.base.slice(0, 12)}...HEAD`,
    },
  };
}

async function sourceOf(
  registry: Registry,
  repository: string,
  tag: string,
): Promise<string | null> {
  const digest = await registry.getDigest(repository, tag);
  if (!digest.ok) return null;
  const config = await registry.getImageConfig(repository, digest.value);
  return config.ok ? (config.value.source ?? null) : null;
}

const fail = (repository: string, why: string): Result<CommitHistory, string> => ({
  ok: false,
  error: `${repository} follows a ci policy ordered by commit, but ${why}; not reconciled (its pushes still bump it)`,
});
