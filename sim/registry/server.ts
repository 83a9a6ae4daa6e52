import http from "node:http";
import type { AddressInfo } from "node:net";
import { RegistryStore } from "./store.js";

/**
 * A small in-memory OCI registry (distribution API v2 subset + OCI 1.1 referrers) for the demo and
 * for tests on machines without Debian's docker-registry. Anonymous; counts requests by route.
 */
export interface RegistrySimulator {
  /** `127.0.0.1:<port>`: the registry host part of image references. */
  host: string;
  store: RegistryStore;
  counts: Map<string, number>;
  close(): Promise<void>;
}

export async function startRegistrySimulator(
  options: { referrersApi?: boolean } = {},
): Promise<RegistrySimulator> {
  const store = new RegistryStore();
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(store, counts, options, req, res, Buffer.concat(chunks));
      } catch (e) {
        send(res, 500, { errors: [{ code: "UNKNOWN", message: String(e) }] });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    store,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const ROUTE = /^\/v2\/(.+)\/(tags\/list|manifests\/[^/]+|blobs\/[^/]+|referrers\/[^/]+)$/;

function handle(
  store: RegistryStore,
  counts: Map<string, number>,
  options: { referrersApi?: boolean },
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
): void {
  const url = new URL(req.url ?? "/", "http://registry");
  const method = req.method ?? "GET";
  if (url.pathname === "/v2/" || url.pathname === "/v2") {
    count(counts, method, "/v2/");
    return send(res, 200, {});
  }
  const match = ROUTE.exec(url.pathname);
  if (!match)
    return send(res, 404, { errors: [{ code: "NAME_UNKNOWN", message: "no such route" }] });
  const [, name = "", action = ""] = match;
  const slash = action.indexOf("/");
  const kind = action.slice(0, slash);
  const ref = action.slice(slash + 1);
  count(counts, method, `/v2/{name}/${kind === "tags" ? "tags/list" : `${kind}/{reference}`}`);

  if (action === "tags/list") {
    const all = [...store.tagsOf(name).keys()].sort();
    const n = Number(url.searchParams.get("n") ?? all.length) || all.length;
    const last = url.searchParams.get("last");
    const from = last ? all.findIndex((t) => t > last) : 0;
    const page = from === -1 ? [] : all.slice(from, from + n);
    if (from !== -1 && from + n < all.length)
      res.setHeader(
        "link",
        `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page.at(-1) ?? "")}>; rel="next"`,
      );
    return send(res, 200, { name, tags: page });
  }
  if (kind === "manifests" && method === "PUT") {
    const digest = store.putManifest(
      name,
      decodeURIComponent(ref),
      body,
      req.headers["content-type"] ?? "",
    );
    res.setHeader("docker-content-digest", digest);
    res.setHeader("location", `/v2/${name}/manifests/${digest}`);
    return send(res, 201, {});
  }
  if (kind === "manifests") {
    const digest = store.resolve(name, decodeURIComponent(ref));
    const manifest = digest ? store.manifests.get(digest) : undefined;
    if (!digest || !manifest)
      return send(res, 404, { errors: [{ code: "MANIFEST_UNKNOWN", message: ref }] });
    res.writeHead(200, {
      "content-type": manifest.mediaType,
      "content-length": manifest.bytes.length,
      "docker-content-digest": digest,
      etag: `"${digest}"`,
    });
    return void res.end(method === "HEAD" ? undefined : manifest.bytes);
  }
  if (kind === "blobs") {
    const blob = store.blobs.get(decodeURIComponent(ref));
    if (!blob) return send(res, 404, { errors: [{ code: "BLOB_UNKNOWN", message: ref }] });
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": blob.length,
      "docker-content-digest": ref,
    });
    return void res.end(method === "HEAD" ? undefined : blob);
  }
  if (kind === "referrers" && options.referrersApi) {
    const subject = decodeURIComponent(ref);
    const artifactType = url.searchParams.get("artifactType");
    const manifests = [...(store.contents.get(name) ?? [])]
      .map((digest) => ({ digest, m: store.manifests.get(digest) }))
      .filter(
        ({ m }) => m?.subject === subject && (!artifactType || m.artifactType === artifactType),
      )
      .map(({ digest, m }) => ({
        mediaType: m?.mediaType,
        digest,
        size: m?.bytes.length,
        ...(m?.artifactType && { artifactType: m.artifactType }),
      }));
    res.setHeader("content-type", "application/vnd.oci.image.index.v1+json");
    return send(res, 200, {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests,
    });
  }
  return send(res, 404, { errors: [{ code: "UNSUPPORTED", message: "unsupported" }] });
}

function count(counts: Map<string, number>, method: string, route: string): void {
  const key = `${method} ${route}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "application/json");
  res.statusCode = status;
  res.end(JSON.stringify(body));
}
