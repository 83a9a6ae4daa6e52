import type { ImagePushed } from "../../core/events/image-pushed.js";
import type { ImageScanned } from "../../core/events/image-scanned.js";
import type { IndexUpdate } from "../../core/events/github-index.js";
import type { WorkflowArtifactRequest } from "../../core/events/workflow-run.js";
import type { BumpJob, ReconcileJob } from "../http/jobs.js";
import type { LogFields } from "../ops/log-fields.js";

/**
 * The log fields of one job (docs/operations.md#logs): the delivery it came from, the installation
 * it runs as and the repository it reads or writes, as far as the job has them. An image push
 * fans out to many repositories, so it carries the image instead; a reconcile run is named
 * `reconcile:<slot>`.
 */
export function jobLogFields(job: { id?: string; name: string; data: unknown }): LogFields {
  const fields: LogFields = { job: job.id };
  switch (job.name) {
    case "image-pushed": {
      const event = job.data as ImagePushed;
      return { ...fields, deliveryId: event.deliveryId, image: event.repository };
    }
    case "image-scanned": {
      const scan = job.data as ImageScanned;
      return { ...fields, deliveryId: scan.deliveryId, image: scan.repository };
    }
    case "bump-repo": {
      const bump = job.data as BumpJob;
      return {
        ...fields,
        deliveryId: bump.deliveryId,
        installationId: bump.installationId,
        repo: bump.repo,
        image: bump.repository,
      };
    }
    case "index-update": {
      const update = job.data as IndexUpdate;
      return {
        ...fields,
        deliveryId: update.deliveryId,
        installationId: update.installationId,
        repo: update.kind === "repository-pushed" ? update.repository : undefined,
      };
    }
    case "workflow-artifact": {
      const request = job.data as WorkflowArtifactRequest;
      return {
        ...fields,
        deliveryId: request.deliveryId,
        installationId: request.installationId ?? undefined,
        repo: `${request.owner}/${request.repo}`,
      };
    }
    case "reconcile":
      return { ...fields, deliveryId: `reconcile:${(job.data as ReconcileJob).slot}` };
    default:
      return fields;
  }
}
