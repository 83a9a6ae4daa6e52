import {
  decodeTree,
  encodeCommit,
  encodeTree,
  hashObject,
  type CommitData,
  type ObjectType,
  type TreeEntry,
} from "./objects.js";

interface Stored {
  type: ObjectType;
  body: Buffer;
  tree?: TreeEntry[];
  commit?: CommitData;
}

/** One repository's object database: content-addressed, append-only. */
export class GitStore {
  readonly #objects = new Map<string, Stored>();

  putBlob(content: Buffer | string): string {
    const body = typeof content === "string" ? Buffer.from(content) : content;
    const sha = hashObject("blob", body);
    if (!this.#objects.has(sha)) this.#objects.set(sha, { type: "blob", body });
    return sha;
  }

  putTree(entries: readonly TreeEntry[]): string {
    const body = encodeTree(entries);
    const sha = hashObject("tree", body);
    if (!this.#objects.has(sha))
      this.#objects.set(sha, { type: "tree", body, tree: decodeTree(body) });
    return sha;
  }

  putCommit(commit: CommitData): string {
    const body = encodeCommit(commit);
    const sha = hashObject("commit", body);
    if (!this.#objects.has(sha)) this.#objects.set(sha, { type: "commit", body, commit });
    return sha;
  }

  has(sha: string): boolean {
    return this.#objects.has(sha);
  }

  type(sha: string): ObjectType | undefined {
    return this.#objects.get(sha)?.type;
  }

  raw(sha: string): Buffer | undefined {
    return this.#objects.get(sha)?.body;
  }

  blob(sha: string): Buffer | undefined {
    const o = this.#objects.get(sha);
    return o?.type === "blob" ? o.body : undefined;
  }

  tree(sha: string): TreeEntry[] | undefined {
    return this.#objects.get(sha)?.tree;
  }

  commit(sha: string): CommitData | undefined {
    return this.#objects.get(sha)?.commit;
  }

  /** Full SHA for an unambiguous prefix of at least 7 hex digits. */
  expand(prefix: string): string | undefined {
    if (/^[0-9a-f]{40}$/.test(prefix)) return this.#objects.has(prefix) ? prefix : undefined;
    if (!/^[0-9a-f]{7,39}$/.test(prefix)) return undefined;
    let found: string | undefined;
    for (const sha of this.#objects.keys()) {
      if (!sha.startsWith(prefix)) continue;
      if (found) return undefined;
      found = sha;
    }
    return found;
  }
}
