import { unzipSync } from "fflate";
import type { GitHubClient } from "../../adapters/github/client.js";
import type { ImagePushed } from "../../core/events/image-pushed.js";
import { imageArtifactFile, parseImageArtifact } from "../../core/events/workflow-artifact.js";
import type { WorkflowArtifactRequest } from "../../core/events/workflow-run.js";
import { PermanentJobError } from "../../ports/queue.js";

/** Artifacts larger than this are not downloaded: `image.json` is a few hundred bytes. */
const MAX_ARTIFACT_BYTES = 1_000_000;

/**
 * Reads `image.json` from the run's artifact (docs/webhooks.md#workflow-runs): Actions job outputs
 * are not readable through the API, artifacts are. A run without the artifact proposes nothing.
 */
export async function handleWorkflowArtifact(
  client: GitHubClient,
  request: WorkflowArtifactRequest,
): Promise<ImagePushed[]> {
  const base = { owner: request.owner, repo: request.repo };
  const { data } = await client.request(
    "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
    {
      ...base,
      run_id: request.runId,
      name: request.artifactName,
    },
  );
  const artifact = (
    data as {
      artifacts: Array<{ id: number; name: string; size_in_bytes: number; expired: boolean }>;
    }
  ).artifacts.find((a) => a.name === request.artifactName && !a.expired);
  if (!artifact) return [];
  if (artifact.size_in_bytes > MAX_ARTIFACT_BYTES)
    throw new PermanentJobError(
      `artifact ${request.artifactName} is ${artifact.size_in_bytes} bytes; at most ${MAX_ARTIFACT_BYTES}`,
    );
  const zip = await client.request(
    "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
    {
      ...base,
      artifact_id: artifact.id,
      archive_format: "zip",
    },
  );
  const bytes = new Uint8Array(zip.data as ArrayBuffer);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => f.name === imageArtifactFile && f.originalSize <= MAX_ARTIFACT_BYTES,
    });
  } catch (e) {
    throw new PermanentJobError(
      `artifact ${request.artifactName} is not a zip: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const file = files[imageArtifactFile];
  if (!file)
    throw new PermanentJobError(`artifact ${request.artifactName} holds no ${imageArtifactFile}`);
  const outcome = parseImageArtifact(new TextDecoder().decode(file), request);
  if (outcome.kind !== "accepted")
    throw new PermanentJobError(`${imageArtifactFile}: ${outcome.reason}`);
  return outcome.images;
}
