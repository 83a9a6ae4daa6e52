import type { ImagePushed } from "./image-pushed.js";
import type { ImageScanned } from "./image-scanned.js";

/**
 * What a normalizer makes of one delivery. `invalid` means the sender said something malformed or
 * hostile (the HTTP route answers 400, nothing is enqueued); `ignored` means a well-formed event
 * bumpwarden has no use for (answered 202 with the reason).
 */
export type NormalizeOutcome =
  | { kind: "accepted"; images: ImagePushed[]; scans: ImageScanned[] }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; reason: string };

export const accepted = (images: ImagePushed[], scans: ImageScanned[] = []): NormalizeOutcome => ({
  kind: "accepted",
  images,
  scans,
});
export const ignored = (reason: string): NormalizeOutcome => ({ kind: "ignored", reason });
export const invalid = (reason: string): NormalizeOutcome => ({ kind: "invalid", reason });

/** Accepted when at least one event survives, else ignored with `reason`. */
export function acceptedOrIgnored(images: ImagePushed[], reason: string): NormalizeOutcome {
  return images.length > 0 ? accepted(images) : ignored(reason);
}
