import { createHash } from "node:crypto";

/** Collapses whitespace so re-indentation and trailing spaces do not change a fingerprint. */
export function normalizeContent(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Stable hash of a finding's identity. `occurrence` tells apart identical findings in one file
 * (two containers with the same `image: nginx:latest` line): the n-th one keeps index n.
 */
export function fingerprint(rule: string, file: string, content: string, occurrence = 0): string {
  return createHash("sha256")
    .update(`${rule}\0${file}\0${normalizeContent(content)}\0${occurrence}`)
    .digest("hex")
    .slice(0, 20);
}
