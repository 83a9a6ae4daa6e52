import type { Result } from "../result.js";
import type { ImagePushed } from "./image-pushed.js";
import type { NormalizeOutcome } from "./outcome.js";
import { acceptedOrIgnored, invalid } from "./outcome.js";

/** All or nothing: one invalid event makes the whole delivery invalid, so nothing is enqueued. */
export function collect(
  results: Result<ImagePushed, string>[],
  ignoredReason: string,
): NormalizeOutcome {
  const images: ImagePushed[] = [];
  for (const result of results) {
    if (!result.ok) return invalid(result.error);
    images.push(result.value);
  }
  return acceptedOrIgnored(images, ignoredReason);
}
