import { createHash } from "node:crypto";

/** Content of an in-memory OCI registry: blobs and manifests by digest, tags per repository. */
export interface StoredManifest {
  mediaType: string;
  bytes: Buffer;
  subject?: string;
  artifactType?: string;
}

export class RegistryStore {
  readonly blobs = new Map<string, Buffer>();
  readonly manifests = new Map<string, StoredManifest>();
  /** repository → tag → digest */
  readonly tags = new Map<string, Map<string, string>>();
  /** repository → digests pushed into it */
  readonly contents = new Map<string, Set<string>>();

  putBlob(repository: string, bytes: Buffer | string): string {
    const buf = Buffer.from(bytes);
    const digest = sha256(buf);
    this.blobs.set(digest, buf);
    this.track(repository, digest);
    return digest;
  }

  putManifest(
    repository: string,
    reference: string,
    bytes: Buffer | string,
    mediaType: string,
  ): string {
    const buf = Buffer.from(bytes);
    const digest = sha256(buf);
    const parsed = JSON.parse(buf.toString("utf8")) as {
      subject?: { digest?: string };
      artifactType?: string;
      config?: { mediaType?: string };
    };
    const stored: StoredManifest = { mediaType, bytes: buf };
    if (parsed.subject?.digest) stored.subject = parsed.subject.digest;
    const artifactType = parsed.artifactType ?? parsed.config?.mediaType;
    if (artifactType) stored.artifactType = artifactType;
    this.manifests.set(digest, stored);
    this.track(repository, digest);
    if (!reference.startsWith("sha256:")) this.tagsOf(repository).set(reference, digest);
    return digest;
  }

  resolve(repository: string, reference: string): string | undefined {
    if (reference.startsWith("sha256:"))
      return this.contents.get(repository)?.has(reference) ? reference : undefined;
    return this.tags.get(repository)?.get(reference);
  }

  tagsOf(repository: string): Map<string, string> {
    let tags = this.tags.get(repository);
    if (!tags) this.tags.set(repository, (tags = new Map()));
    return tags;
  }

  private track(repository: string, digest: string): void {
    let set = this.contents.get(repository);
    if (!set) this.contents.set(repository, (set = new Set()));
    set.add(digest);
  }
}

export const sha256 = (bytes: Buffer): string =>
  `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
