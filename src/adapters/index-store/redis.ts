import type { Redis } from "ioredis";
import type {
  ImageIndex,
  IndexedReference,
  RepoIndex,
  RepoUsage,
} from "../../ports/image-index.js";
import { patchedRepo } from "./patch.js";

/**
 * The index in Redis, shared by replicas. One JSON document per repository, plus one set per
 * image repository naming the repositories that use it, so a push looks up only its users.
 * Read-modify-write without a transaction is safe because jobs for one repository are
 * serialized by the queue's per-repository lock.
 */
export class RedisImageIndex implements ImageIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "bw:index",
  ) {}

  async putRepo(index: RepoIndex): Promise<void> {
    const before = await this.getRepo(index.installationId, index.repo);
    await this.write(index, before);
  }

  async patchRepo(
    installationId: number,
    repo: string,
    headOid: string,
    files: Record<string, IndexedReference[]>,
    policyFiles?: string[],
  ): Promise<void> {
    const before = await this.getRepo(installationId, repo);
    if (!before) return;
    await this.write(patchedRepo(before, headOid, files, policyFiles), before);
  }

  async getRepo(installationId: number, repo: string): Promise<RepoIndex | undefined> {
    const raw = await this.redis.get(this.repoKey(installationId, repo));
    return raw ? (JSON.parse(raw) as RepoIndex) : undefined;
  }

  async repos(): Promise<Array<[number, string]>> {
    const keys = await this.scanKeys(`${this.prefix}:repo:*`);
    return keys
      .map((k): [number, string] => {
        const m = k.slice(`${this.prefix}:repo:`.length);
        const sep = m.indexOf("|");
        return [Number(m.slice(0, sep)), m.slice(sep + 1)];
      })
      .sort();
  }

  async removeRepo(installationId: number, repo: string): Promise<void> {
    const before = await this.getRepo(installationId, repo);
    const multi = this.redis.multi().del(this.repoKey(installationId, repo));
    for (const image of imagesOf(before))
      multi.srem(this.imageKey(image), member(installationId, repo));
    await multi.exec();
  }

  async usages(repository: string): Promise<RepoUsage[]> {
    const members = await this.redis.smembers(this.imageKey(repository));
    const out: RepoUsage[] = [];
    for (const m of members.sort()) {
      const sep = m.indexOf("|");
      const installationId = Number(m.slice(0, sep));
      const repo = m.slice(sep + 1);
      const index = await this.getRepo(installationId, repo);
      const references = Object.values(index?.files ?? {})
        .flat()
        .filter((r) => r.repository === repository);
      if (references.length > 0) out.push({ installationId, repo, references });
    }
    return out;
  }

  async images(): Promise<string[]> {
    const keys = await this.scanKeys(`${this.prefix}:image:*`);
    return keys.map((k) => k.slice(`${this.prefix}:image:`.length)).sort();
  }

  private async scanKeys(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await this.redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    return keys;
  }

  private async write(next: RepoIndex, before: RepoIndex | undefined): Promise<void> {
    const id = member(next.installationId, next.repo);
    const nextImages = imagesOf(next);
    const multi = this.redis
      .multi()
      .set(this.repoKey(next.installationId, next.repo), JSON.stringify(next));
    for (const image of imagesOf(before))
      if (!nextImages.has(image)) multi.srem(this.imageKey(image), id);
    for (const image of nextImages) multi.sadd(this.imageKey(image), id);
    await multi.exec();
  }

  private repoKey(installationId: number, repo: string): string {
    return `${this.prefix}:repo:${member(installationId, repo)}`;
  }

  private imageKey(repository: string): string {
    return `${this.prefix}:image:${repository}`;
  }
}

const member = (installationId: number, repo: string): string =>
  `${installationId}|${repo.toLowerCase()}`;

function imagesOf(index: RepoIndex | undefined): Set<string> {
  const out = new Set<string>();
  for (const refs of Object.values(index?.files ?? {})) for (const r of refs) out.add(r.repository);
  return out;
}
