import http from "node:http";
import type { Blob } from "./oci-layout.js";

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export type Interceptor = (
  req: FakeRequest,
) => { status: number; headers?: Record<string, string>; body?: string } | undefined;

/**
 * A small in-memory OCI 1.1 registry for what distribution 2.8 cannot show: the referrers API,
 * scripted 429s, ETags, and slow answers (to watch the per-host concurrency limit).
 */
export class FakeRegistry {
  readonly requests: FakeRequest[] = [];
  readonly manifests = new Map<string, Blob>();
  readonly blobs = new Map<string, Blob>();
  readonly tags = new Map<string, string[]>();
  /** `repo@digest` → referrer descriptors served by the referrers API. */
  readonly referrers = new Map<string, object[]>();
  interceptors: Interceptor[] = [];
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  referrersApi = true;
  private server: http.Server | null = null;
  host = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    const addr = this.server.address();
    this.host = `127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  putManifest(repo: string, refs: string[], m: Blob): void {
    for (const ref of [...refs, m.digest]) this.manifests.set(`${repo}:${ref}`, m);
    const tags = this.tags.get(repo) ?? [];
    for (const ref of refs) if (!ref.startsWith("sha256:") && !tags.includes(ref)) tags.push(ref);
    this.tags.set(repo, tags);
  }

  putBlobs(repo: string, blobs: Blob[]): void {
    for (const b of blobs) this.blobs.set(`${repo}@${b.digest}`, b);
  }

  count(pattern: RegExp): number {
    return this.requests.filter((r) => pattern.test(`${r.method} ${r.path}`)).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const r: FakeRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
    };
    this.requests.push(r);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((ok) => setTimeout(ok, this.delayMs));
      for (const i of this.interceptors) {
        const out = i(r);
        if (out) return void send(res, out.status, out.headers ?? {}, out.body ?? "");
      }
      this.route(r, res);
    } finally {
      this.inFlight--;
    }
  }

  private route(r: FakeRequest, res: http.ServerResponse): void {
    const url = new URL(r.path, "http://x");
    const p = url.pathname;
    if (p === "/v2/") return send(res, 200, {}, "{}");
    let m = /^\/v2\/(.+)\/tags\/list$/.exec(p);
    if (m) {
      const tags = this.tags.get(m[1] ?? "");
      if (!tags)
        return send(
          res,
          404,
          {},
          JSON.stringify({
            errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry" }],
          }),
        );
      const body = JSON.stringify({ name: m[1], tags });
      const etag = `"tags-${tags.length}"`;
      if (r.headers["if-none-match"] === etag) return send(res, 304, { etag }, "");
      return send(res, 200, { "content-type": "application/json", etag }, body);
    }
    m = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/.exec(p);
    if (m) {
      if (!this.referrersApi) return send(res, 404, {}, "404 page not found");
      const type = url.searchParams.get("artifactType");
      const all = (this.referrers.get(`${m[1]}@${m[2]}`) ?? []) as { artifactType?: string }[];
      const list = type === null ? all : all.filter((d) => d.artifactType === type);
      const headers: Record<string, string> = {
        "content-type": "application/vnd.oci.image.index.v1+json",
      };
      if (type !== null) headers["oci-filters-applied"] = "artifactType";
      return send(
        res,
        200,
        headers,
        JSON.stringify({
          schemaVersion: 2,
          mediaType: "application/vnd.oci.image.index.v1+json",
          manifests: list,
        }),
      );
    }
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(p);
    if (m) {
      const man = this.manifests.get(`${m[1]}:${m[2]}`);
      if (!man)
        return send(
          res,
          404,
          {},
          JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }),
        );
      const etag = `"${man.digest}"`;
      const headers = { "content-type": man.mediaType, "docker-content-digest": man.digest, etag };
      if (r.headers["if-none-match"] === etag) return send(res, 304, headers, "");
      return send(res, 200, headers, r.method === "HEAD" ? "" : Buffer.from(man.bytes));
    }
    m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(p);
    if (m) {
      const b = this.blobs.get(`${m[1]}@${m[2]}`);
      if (!b)
        return send(
          res,
          404,
          {},
          JSON.stringify({ errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown" }] }),
        );
      return send(res, 200, { "content-type": "application/octet-stream" }, Buffer.from(b.bytes));
    }
    send(res, 404, {}, "404 page not found");
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, headers);
  res.end(body);
}
