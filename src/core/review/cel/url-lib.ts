import { EvaluationError } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";

/** A parsed URL as the Kubernetes url library exposes it. */
export class CelURL {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly query: string,
  ) {}
}

/** Absolute URIs and absolute paths, as Go's url.ParseRequestURI accepts them. */
function parseUrl(text: string): CelURL | undefined {
  if (/\s/.test(text) || text.includes("#")) return undefined;
  if (text.startsWith("/")) {
    const [path = "", query = ""] = text.split(/\?(.*)/s);
    return new CelURL("", "", path, query);
  }
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/([^/?]*))?([^?]*)(?:\?(.*))?$/s.exec(text);
  if (!m) return undefined;
  return new CelURL(m[1] ?? "", m[3] ?? "", m[4] ?? "", m[5] ?? "");
}

function url(text: string): CelURL {
  const u = parseUrl(text);
  if (!u) throw new EvaluationError(`URL parse error during conversion from string: ${text}`);
  return u;
}

const hostname = (u: CelURL): string => {
  const host = u.host.replace(/^[^@]*@/, "");
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
};

const port = (u: CelURL): string => {
  const host = u.host.replace(/^[^@]*@/, "");
  const m = /:(\d*)$/.exec(host.startsWith("[") ? host.slice(host.indexOf("]") + 1) : host);
  return m?.[1] ?? "";
};

function query(u: CelURL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!u.query) return out;
  for (const [k, v] of new URLSearchParams(u.query)) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/** The Kubernetes url library (k8s.io/apiserver/pkg/cel/library/urls.go). */
export function registerUrl(env: Environment): void {
  env
    .registerType("URL", CelURL)
    .registerFunction("url(string): URL", url)
    .registerFunction("isURL(string): bool", (s: string) => parseUrl(s) !== undefined)
    .registerFunction("URL.getScheme(): string", (u: CelURL) => u.scheme)
    .registerFunction("URL.getHost(): string", (u: CelURL) => u.host.replace(/^[^@]*@/, ""))
    .registerFunction("URL.getHostname(): string", hostname)
    .registerFunction("URL.getPort(): string", port)
    .registerFunction("URL.getEscapedPath(): string", (u: CelURL) => u.path)
    .registerFunction("URL.getQuery(): map<string, list<string>>", query);
}
