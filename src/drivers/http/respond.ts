import type { ServerResponse } from "node:http";

/**
 * Answers with a small JSON body. `close` ends the connection after the answer: used whenever the
 * request body was not read to its end, so a huge or hostile body is never drained.
 */
export function respond(res: ServerResponse, status: number, body: object, close = false): true {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  };
  if (close) headers.connection = "close";
  if (status === 405) headers.allow = "POST";
  res.writeHead(status, headers);
  res.end(text);
  return true;
}
