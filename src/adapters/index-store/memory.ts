import type {
  ImageIndex,
  IndexedReference,
  RepoIndex,
  RepoUsage,
} from "../../ports/image-index.js";
import { patchedRepo } from "./patch.js";

/** The default index: one process, nothing to install. */
export class MemoryImageIndex implements ImageIndex {
  private readonly repos_ = new Map<string, RepoIndex>();

  async putRepo(index: RepoIndex): Promise<void> {
    this.repos_.set(key(index.installationId, index.repo), structuredClone(index));
  }

  async patchRepo(
    installationId: number,
    repo: string,
    headOid: string,
    files: Record<string, IndexedReference[]>,
    policyFiles?: string[],
  ): Promise<void> {
    const current = this.repos_.get(key(installationId, repo));
    if (!current) return;
    this.repos_.set(
      key(installationId, repo),
      patchedRepo(current, headOid, structuredClone(files), policyFiles),
    );
  }

  async getRepo(installationId: number, repo: string): Promise<RepoIndex | undefined> {
    const found = this.repos_.get(key(installationId, repo));
    return found ? structuredClone(found) : undefined;
  }

  async repos(): Promise<Array<[number, string]>> {
    return [...this.repos_.values()]
      .map((r): [number, string] => [r.installationId, r.repo])
      .sort();
  }

  async removeRepo(installationId: number, repo: string): Promise<void> {
    this.repos_.delete(key(installationId, repo));
  }

  async usages(repository: string): Promise<RepoUsage[]> {
    const out: RepoUsage[] = [];
    for (const index of this.repos_.values()) {
      const references = Object.values(index.files)
        .flat()
        .filter((r) => r.repository === repository);
      if (references.length > 0)
        out.push({
          installationId: index.installationId,
          repo: index.repo,
          references: structuredClone(references),
        });
    }
    return out;
  }

  async images(): Promise<string[]> {
    const all = new Set<string>();
    for (const index of this.repos_.values())
      for (const refs of Object.values(index.files)) for (const r of refs) all.add(r.repository);
    return [...all].sort();
  }
}

const key = (installationId: number, repo: string): string =>
  `${installationId}:${repo.toLowerCase()}`;
