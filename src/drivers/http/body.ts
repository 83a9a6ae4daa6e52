import type { IncomingMessage } from "node:http";

/** Registry webhooks are small; anything bigger is refused (413) without reading it all. */
export const maxBodyBytes = 1024 * 1024;

export type BodyResult =
  { ok: true; raw: Buffer } | { ok: false; status: 413 | 400; reason: string };

/**
 * Reads the request body up to `limit` bytes. A `Content-Length` over the limit is refused before
 * reading; a chunked body is cut off as soon as it passes the limit (the caller answers with
 * `Connection: close`, so the rest is never read).
 */
export function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limit)
    return Promise.resolve({ ok: false, status: 413, reason: `body over ${limit} bytes` });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ ok: false, status: 413, reason: `body over ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, raw: Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, status: 400, reason: "request body aborted" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
