/** A parsed `WWW-Authenticate` header (RFC 7235), as registries send it on 401. */
export interface Challenge {
  scheme: "bearer" | "basic" | "other";
  params: Record<string, string>;
}

/** `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"` */
export function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const scheme = (m[1] ?? "").toLowerCase();
  const params: Record<string, string> = {};
  const re = /([A-Za-z_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const p of (m[2] ?? "").matchAll(re))
    params[(p[1] ?? "").toLowerCase()] = (p[2] ?? p[3] ?? "").replace(/\\(.)/g, "$1");
  return {
    scheme: scheme === "bearer" ? "bearer" : scheme === "basic" ? "basic" : "other",
    params,
  };
}
