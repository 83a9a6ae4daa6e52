import { createHash } from "node:crypto";

/** Collapses whitespace so re-indentation and trailing spaces do not change a fingerprint. */
export function normalizeContent(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Stable hash of a finding's identity: rule, file and normalized content, nothing about its place,
 * so identical findings in one file share it (which thread is whose is decided by line when
 * reconciling). `occurrence` only recomputes the markers earlier versions posted: they counted
 * identical findings (the n-th got index n); index 0 is the same hash as today's.
 */
export function fingerprint(rule: string, file: string, content: string, occurrence = 0): string {
  return createHash("sha256")
    .update(`${rule}\0${file}\0${normalizeContent(content)}\0${occurrence}`)
    .digest("hex")
    .slice(0, 20);
}
