import { z } from "zod";
import { buildImage } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { ImageSource } from "./image-pushed.js";
import type { NormalizeOutcome } from "./outcome.js";
import { invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const image = z.object({
  repository: z.string().min(1).max(255),
  tag: z.string().nullish(),
  digest: z.string().nullish(),
  revision: z.string().nullish(),
});

const body = z.union([
  image.extend({ id: z.string().optional() }),
  z.object({ id: z.string().optional(), images: z.array(image).min(1).max(100) }),
]);

/**
 * bumpwarden's own format, for CI pipelines and registries without a native webhook, signed with
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the body>`:
 * `{"id"?, "repository", "tag"?, "digest"?, "revision"?}` or `{"id"?, "images": [ … ]}`.
 * `id`, when given, dedupes redeliveries; each image of a batch gets `<id>#<index>`.
 */
export function normalizeGeneric(delivery: RegistryDelivery): NormalizeOutcome {
  return normalizeImageList(delivery.body, { source: "generic", receivedAt: delivery.receivedAt });
}

export interface ImageListContext {
  source: ImageSource;
  receivedAt: string;
  /** Delivery id to use when the body has none. */
  id?: string;
  /** Commit to record when an image says none. */
  revision?: string;
  /** Repository that built the images (`github.com/acme/api`), for a workflow run's artifact. */
  sourceRepository?: string;
}

/** Reads the generic format; also the content of a workflow run's `bumpwarden-image` artifact. */
export function normalizeImageList(json: unknown, context: ImageListContext): NormalizeOutcome {
  const parsed = parseBody(body, json);
  if (!parsed.ok) return invalid(parsed.error);
  const id = parsed.value.id ?? context.id;
  const images = "images" in parsed.value ? parsed.value.images : [parsed.value];
  return collect(
    images.map((img, i) =>
      buildImage({
        source: context.source,
        name: img.repository,
        tag: img.tag,
        digest: img.digest,
        senderId: id === undefined ? null : images.length > 1 ? `${id}#${i}` : id,
        receivedAt: context.receivedAt,
        revision: img.revision ?? context.revision,
        ...(context.sourceRepository && { sourceRepository: context.sourceRepository }),
      }),
    ),
    "no images",
  );
}
