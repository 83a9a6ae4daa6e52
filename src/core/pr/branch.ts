/**
 * Bump branches: `<prefix>/<env>/<image-slug>`, one per image × environment (design §6).
 * The slug is for people; the PR's hidden marker (marker.ts) is what identifies the image.
 */
export interface BumpBranch {
  prefix: string;
  environment: string;
  slug: string;
}

/** `ghcr.io/acme/api` → `ghcr.io-acme-api`; Docker Hub images drop `docker.io/` and `library/`. */
export function imageSlug(repository: string): string {
  const familiar = repository.replace(/^docker\.io\/(library\/)?/, "");
  return familiar
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/\.{2,}/g, ".")
    .replace(/^[-.]+|[-.]+$/g, "");
}

export function formatBranch(b: {
  prefix: string;
  environment: string;
  repository: string;
}): string {
  return `${b.prefix}/${b.environment}/${imageSlug(b.repository)}`;
}

export function parseBranch(name: string, prefix: string): BumpBranch | undefined {
  const rest = name.replace(/^refs\/heads\//, "");
  if (!rest.startsWith(`${prefix}/`)) return undefined;
  const [environment, slug, ...extra] = rest.slice(prefix.length + 1).split("/");
  if (!environment || !slug || extra.length > 0) return undefined;
  return { prefix, environment, slug };
}
