import { defaultConfig, parseConfig } from "../core/config/load.js";
import { planReconcile } from "../core/plan/reconcile.js";
import type { ReconcileRequest } from "../core/plan/reconcile.js";
import type { ImageIndex } from "../ports/image-index.js";
import type { Registry } from "../ports/registry.js";

export interface RepoReconcile {
  installationId: number;
  repo: string;
  requests: ReconcileRequest[];
}

/**
 * What every indexed repository would have been asked to bump had no webhook been lost, from the
 * index (no GitHub request) and the registries' tag lists (cached, ETag-revalidated). Cheap when
 * nothing changed: no request to GitHub at all.
 */
export async function reconcileIndex(
  index: ImageIndex,
  registry: Registry,
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
    for (const repository of new Set(references.map((r) => r.repository))) {
      if (!tags.has(repository)) {
        const listed = await registry.listTags(repository);
        tags.set(repository, listed.ok ? listed.value : []);
      }
      wanted[repository] = tags.get(repository) ?? [];
    }
    const requests = planReconcile(config, references, wanted);
    if (requests.length > 0) out.push({ installationId, repo, requests });
  }
  return out;
}
