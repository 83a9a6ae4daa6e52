/**
 * A source location as provenance writes it, split into repository and ref:
 * `git+https://github.com/acme/api@refs/heads/main`, `https://github.com/acme/api.git#main`,
 * `git@github.com:acme/api.git`, `git+ssh://git@github.com/acme/api`, `github.com/acme/api`.
 */
export interface ParsedSource {
  /** Host and path, lower-case host, no scheme, user, port or `.git`: `github.com/acme/api`. */
  repository: string;
  ref: string | null;
}

export function parseSourceUri(uri: string): ParsedSource | null {
  let text = uri.trim();
  if (text === "") return null;
  let ref: string | null = null;
  const hash = text.indexOf("#");
  if (hash >= 0) {
    ref = text.slice(hash + 1) || null;
    text = text.slice(0, hash);
  }
  text = text.replace(/^git\+/, "");
  // scp-like `user@host:path` (no scheme)
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+)$/.exec(text);
  if (scp) text = `${scp[1]}/${scp[2]}`;
  else text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/^[^/@]+@/, "");
  // `@ref` after the path (SLSA's `git+https://host/owner/repo@refs/heads/main`)
  const at = text.indexOf("@");
  if (at >= 0) {
    ref ??= text.slice(at + 1) || null;
    text = text.slice(0, at);
  }
  const slash = text.indexOf("/");
  if (slash <= 0) return null;
  const host = text.slice(0, slash).toLowerCase().replace(/:\d+$/, "");
  const path = text
    .slice(slash + 1)
    .replace(/\/+$/, "")
    .replace(/\.git$/, "");
  if (path === "" || !/^[a-z0-9.-]+$/.test(host)) return null;
  return { repository: `${host}/${path}`, ref };
}

/** A browsable URL for a normalized repository (`github.com/acme/api` → `https://github.com/acme/api`). */
export function repositoryUrl(repository: string): string {
  return `https://${repository}`;
}
