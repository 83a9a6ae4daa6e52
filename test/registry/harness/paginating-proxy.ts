import http from "node:http";

/**
 * Distribution 2.8 (Debian's docker-registry) answers `tags/list` in one page and ignores `n`.
 * Registries users meet (distribution 3, GHCR, Harbor, Quay) paginate with `n`, `last` and an RFC
 * 8288 `Link` header. This loopback proxy puts that behaviour, as the distribution-spec words it,
 * in front of the real registry; every other request (auth challenges included) passes through.
 */
export async function startPaginatingProxy(
  upstream: string,
): Promise<{ url: string; host: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", upstream);
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "accept"]) {
        const v = req.headers[name];
        if (typeof v === "string") headers[name] = v;
      }
      const isTags = /^\/v2\/.+\/tags\/list$/.test(url.pathname) && req.method === "GET";
      const target = isTags ? new URL(url.pathname, upstream) : url;
      const up = await fetch(target, { method: req.method ?? "GET", headers });
      const body = Buffer.from(await up.arrayBuffer());
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (!["content-length", "transfer-encoding", "connection"].includes(k)) out[k] = v;
      });
      if (!isTags || up.status !== 200) {
        res.writeHead(up.status, out);
        res.end(req.method === "HEAD" ? undefined : body);
        return;
      }
      const page = JSON.parse(body.toString()) as { name: string; tags: string[] };
      const all = [...page.tags].sort();
      const last = url.searchParams.get("last");
      const n = Number(url.searchParams.get("n") ?? all.length);
      const from = last === null ? 0 : all.findIndex((t) => t > last);
      const slice = from < 0 ? [] : all.slice(from, from + n);
      const more = from >= 0 && from + n < all.length;
      if (more)
        out.link = `<${url.pathname}?n=${n}&last=${encodeURIComponent(slice[slice.length - 1] ?? "")}>; rel="next"`;
      res.writeHead(200, { ...out, "content-type": "application/json" });
      res.end(JSON.stringify({ name: page.name, tags: slice }));
    })().catch((e: unknown) => {
      res.writeHead(502);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
