import type { LoggerOptions } from "pino";
import { hooksPrefix } from "./registry-routes.js";

/** `/hooks/<id>/<token>` → `/hooks/<id>/[redacted]`; other URLs unchanged. */
export function redactHookUrl(url: string): string {
  if (!url.startsWith(hooksPrefix)) return url;
  const [id = "", token] = url.slice(hooksPrefix.length).split(/[/?]/, 2);
  return token === undefined ? url : `${hooksPrefix}${id}/[redacted]`;
}

/** Request headers an access log may keep; every other header value is redacted. */
const safeHeaders: ReadonlySet<string> = new Set([
  "host",
  "user-agent",
  "content-type",
  "content-length",
  "accept",
  "x-github-event",
  "x-github-delivery",
  "x-github-hook-id",
  "x-nexus-webhook-id",
  "x-nexus-webhook-delivery",
  "x-request-id",
]);

/**
 * pino `redact` settings for the root logger Probot is started with. Probot's access log
 * (pino-http) records the request URL and every header when the request arrives, before any
 * route runs: path tokens and `Authorization`/`X-JFrog-Event-Auth`/API-key headers would be
 * logged. (Probot 14's `Server` drops its `loggingOptions`, so the logger is the only place.)
 */
export const redactLogOptions: NonNullable<LoggerOptions["redact"]> = {
  paths: ["req.url", "req.headers.*"],
  censor: (value: unknown, path: string[]) => {
    const last = path[path.length - 1] ?? "";
    if (path.length === 2 && last === "url") return redactHookUrl(String(value));
    return safeHeaders.has(last.toLowerCase()) ? value : "[redacted]";
  },
};
