/** Where a normalized repository (`ghcr.io/acme/api`, `docker.io/library/nginx`) is served. */
export interface RepositoryLocation {
  /** The registry host as users write it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  host: string;
  /** The host the API is called on (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  /** The repository path inside the registry: `library/nginx`. */
  path: string;
}

const DOCKER_HUB = new Set([
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
]);

export function locate(repository: string): RepositoryLocation | null {
  const slash = repository.indexOf("/");
  const first = slash < 0 ? "" : repository.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  if (!isHost) {
    if (!/^[a-z0-9]/.test(repository)) return null;
    const path = repository.includes("/") ? repository : `library/${repository}`;
    return { host: "docker.io", apiHost: "registry-1.docker.io", path };
  }
  const path = repository.slice(slash + 1);
  if (path.length === 0) return null;
  const host = first.toLowerCase();
  if (DOCKER_HUB.has(host))
    return {
      host: "docker.io",
      apiHost: "registry-1.docker.io",
      path: path.includes("/") ? path : `library/${path}`,
    };
  return { host, apiHost: host, path };
}

/** Hosts a credential entry may be filed under for `host` (Docker Hub has several spellings). */
export function credentialKeys(host: string): string[] {
  return host === "docker.io"
    ? ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]
    : [host];
}

/** Loopback addresses, where plain HTTP may be allowed. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return name === "localhost" || name === "::1" || /^127\.\d+\.\d+\.\d+$/.test(name);
}
