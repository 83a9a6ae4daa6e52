/**
 * The hidden marker each inline comment carries: the finding's fingerprint, so a later run knows
 * which findings already have a thread (and which threads lost their finding). HTML comments are
 * not rendered by GitHub.
 */
const MARKER = /<!-- bumpwarden:finding ([0-9a-f]{8,64}) -->/;

export function formatFindingMarker(fingerprint: string): string {
  if (!/^[0-9a-f]{8,64}$/.test(fingerprint)) throw new Error(`not a fingerprint: ${fingerprint}`);
  return `<!-- bumpwarden:finding ${fingerprint} -->`;
}

/** The fingerprint in a comment body, or null when it is not one of bumpwarden's findings. */
export function parseFindingMarker(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}
