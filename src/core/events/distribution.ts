import { z } from "zod";
import { buildImage, joinName } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

/** Manifests and indexes; layer and config blob pushes share the envelope and are dropped. */
export const manifestMediaTypes: ReadonlySet<string> = new Set([
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
]);

const event = z.object({
  id: z.string(),
  action: z.string(),
  target: z.object({
    mediaType: z.string().optional(),
    repository: z.string(),
    digest: z.string().optional(),
    tag: z.string().optional(),
  }),
  request: z.object({ host: z.string().optional() }).optional(),
});

const body = z.object({ events: z.array(z.unknown()).max(1000) });

/**
 * CNCF distribution notifications: an envelope of `events[]`. Only `push` of a manifest or index
 * by tag counts (the tag is set only when the client pushed by tag); pulls, mounts, deletes,
 * blobs and digest-only manifest pushes (per-platform manifests of a multi-arch push) are dropped.
 */
export function normalizeDistribution(delivery: RegistryDelivery): NormalizeOutcome {
  const parsed = parseBody(body, delivery.body);
  if (!parsed.ok) return invalid(parsed.error);
  const results = [];
  for (const [i, raw] of parsed.value.events.entries()) {
    const e = parseBody(event, raw);
    if (!e.ok) return invalid(`events.${i}.${e.error}`);
    const { action, target, request, id } = e.value;
    if (action !== "push" || !target.tag || !manifestMediaTypes.has(target.mediaType ?? ""))
      continue;
    const host = delivery.registry ?? request?.host;
    if (!host)
      return invalid(`events.${i}.request.host is missing; set \`registry\` on the endpoint`);
    results.push(
      buildImage({
        source: "distribution",
        name: joinName(host, target.repository),
        tag: target.tag,
        digest: target.digest,
        senderId: id,
        receivedAt: delivery.receivedAt,
      }),
    );
  }
  return collect(results, "no tagged manifest push in the envelope");
}
