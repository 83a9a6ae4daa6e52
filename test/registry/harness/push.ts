import type { Blob } from "./oci-layout.js";
import type { TestRegistry } from "./registry.js";

/** Writes to the test registry over the Distribution API (what `cosign sign` and `oras` do). */
export class Pusher {
  constructor(private readonly registry: TestRegistry) {}

  private async auth(repo: string): Promise<Record<string, string>> {
    const { username, password } = this.registry.user;
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    if (!this.registry.token) return { authorization: basic };
    const url = `${this.registry.token.url}/token?service=${this.registry.token.service}&scope=repository:${repo}:pull,push`;
    const res = await fetch(url, { headers: { authorization: basic } });
    const body = (await res.json()) as { token: string };
    return { authorization: `Bearer ${body.token}` };
  }

  async blob(repo: string, b: Blob): Promise<void> {
    const headers = await this.auth(repo);
    const start = await fetch(`${this.registry.url}/v2/${repo}/blobs/uploads/`, {
      method: "POST",
      headers,
    });
    if (start.status !== 202)
      throw new Error(`blob upload start: ${start.status} ${await start.text()}`);
    const location = new URL(start.headers.get("location") ?? "", this.registry.url);
    location.searchParams.set("digest", b.digest);
    const put = await fetch(location, {
      method: "PUT",
      headers: { ...headers, "content-type": "application/octet-stream" },
      body: b.bytes,
    });
    if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${await put.text()}`);
  }

  async manifest(repo: string, reference: string, m: Blob): Promise<void> {
    const headers = await this.auth(repo);
    const res = await fetch(`${this.registry.url}/v2/${repo}/manifests/${reference}`, {
      method: "PUT",
      headers: { ...headers, "content-type": m.mediaType },
      body: m.bytes,
    });
    if (res.status !== 201)
      throw new Error(`manifest ${repo}:${reference}: ${res.status} ${await res.text()}`);
  }

  /** Pushes every blob of an artifact, then its manifest under `reference`. */
  async artifact(
    repo: string,
    reference: string,
    a: { manifest: Blob; blobs: Blob[] },
  ): Promise<void> {
    for (const b of a.blobs) if (b !== a.manifest) await this.blob(repo, b);
    await this.manifest(repo, reference, a.manifest);
  }

  /** Tags an existing manifest many times, `concurrency` requests at a time. */
  async tags(repo: string, m: Blob, tags: string[], concurrency = 16): Promise<void> {
    const queue = [...tags];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let t = queue.shift(); t !== undefined; t = queue.shift())
          await this.manifest(repo, t, m);
      }),
    );
  }
}
