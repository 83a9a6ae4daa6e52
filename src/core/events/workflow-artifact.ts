import { normalizeImageList } from "./generic.js";
import { jsonDepthExceeds, maxJsonDepth } from "./json-depth.js";
import type { NormalizeOutcome } from "./outcome.js";
import { invalid } from "./outcome.js";
import type { WorkflowArtifactRequest } from "./workflow-run.js";

/** The file a workflow puts in its `bumpwarden-image` artifact (docs/webhooks.md). */
export const imageArtifactFile = "image.json";

/**
 * Reads `image.json` from a workflow run's artifact (the generic format:
 * `{"repository","tag"?,"digest"?}` or `{"images":[…]}`); the run's commit is each image's revision
 * unless the file says otherwise.
 */
export function parseImageArtifact(
  text: string,
  request: WorkflowArtifactRequest,
): NormalizeOutcome {
  if (text.length > 1_000_000) return invalid(`${imageArtifactFile} is larger than 1 MB`);
  if (jsonDepthExceeds(text, maxJsonDepth)) return invalid(`${imageArtifactFile} nests too deeply`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return invalid(
      `${imageArtifactFile} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return normalizeImageList(json, {
    source: "workflow_run",
    receivedAt: request.receivedAt,
    id: request.deliveryId,
    revision: request.headSha,
    sourceRepository: `github.com/${request.owner}/${request.repo}`,
  });
}
