import { createHash } from "node:crypto";
import { z } from "zod";
import type { Descriptor, Manifest } from "../../ports/registry.js";

export const MEDIA = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
} as const;

/** What a manifest GET accepts: indexes and single manifests, OCI and Docker v2. */
export const MANIFEST_ACCEPT = [
  MEDIA.ociIndex,
  MEDIA.ociManifest,
  MEDIA.dockerList,
  MEDIA.dockerManifest,
].join(", ");

const INDEX_TYPES = new Set<string>([MEDIA.ociIndex, MEDIA.dockerList]);
const IMAGE_TYPES = new Set<string>([MEDIA.ociManifest, MEDIA.dockerManifest]);

const descriptor = z.object({
  mediaType: z.string(),
  digest: z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/),
  size: z.number().int().nonnegative(),
  artifactType: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: z
    .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
    .optional(),
});

const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  subject: descriptor.optional(),
  manifests: z.array(descriptor).optional(),
  config: descriptor.optional(),
  layers: z.array(descriptor).optional(),
});

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Parses manifest bytes. The media type comes from the body, else from the Content-Type header,
 * else from the shape (an index has `manifests`). Returns a sentence on failure.
 */
export function parseManifest(bytes: Uint8Array, contentType: string | null): Manifest | string {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return "the manifest is not JSON";
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    return `the manifest is not a schema 2 manifest or index (${parsed.error.issues[0]?.path.join(".") ?? "?"})`;
  const m = parsed.data;
  const header = contentType?.split(";")[0]?.trim();
  const mediaType =
    m.mediaType ??
    (header && header !== "application/json"
      ? header
      : m.manifests
        ? MEDIA.ociIndex
        : MEDIA.ociManifest);
  const kind =
    INDEX_TYPES.has(mediaType) || (!IMAGE_TYPES.has(mediaType) && m.manifests !== undefined)
      ? "index"
      : "image";
  if (kind === "image" && !m.config) return `the ${mediaType} manifest has no config`;
  const out: Manifest = {
    kind,
    mediaType,
    digest: sha256Digest(bytes),
    bytes,
    manifests: (m.manifests ?? []).map(clean),
    layers: (m.layers ?? []).map(clean),
  };
  if (m.config) out.config = clean(m.config);
  if (m.subject) out.subject = clean(m.subject);
  if (m.artifactType) out.artifactType = m.artifactType;
  if (m.annotations) out.annotations = m.annotations;
  return out;
}

function clean(d: z.infer<typeof descriptor>): Descriptor {
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.artifactType !== undefined) out.artifactType = d.artifactType;
  if (d.annotations !== undefined) out.annotations = d.annotations;
  if (d.platform !== undefined) {
    out.platform = { os: d.platform.os, architecture: d.platform.architecture };
    if (d.platform.variant !== undefined) out.platform.variant = d.platform.variant;
  }
  return out;
}

/** The image of an index a config should be read from: linux/amd64, else the first runnable one. */
export function pickPlatform(manifests: readonly Descriptor[]): Descriptor | undefined {
  const runnable = manifests.filter(
    (d) => d.platform?.os !== "unknown" && !d.annotations?.["vnd.docker.reference.type"],
  );
  return (
    runnable.find((d) => d.platform?.os === "linux" && d.platform.architecture === "amd64") ??
    runnable[0] ??
    manifests[0]
  );
}

/** Labels and creation time from an image config blob. */
export function readConfig(
  bytes: Uint8Array,
): { labels: Record<string, string>; created?: string } | string {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return "the image config is not JSON";
  }
  const parsed = z
    .object({
      created: z.string().optional(),
      config: z
        .object({ Labels: z.record(z.string(), z.string()).nullish() })
        .passthrough()
        .nullish(),
    })
    .passthrough()
    .safeParse(json);
  if (!parsed.success) return "the image config is not an object";
  const out: { labels: Record<string, string>; created?: string } = {
    labels: parsed.data.config?.Labels ?? {},
  };
  if (parsed.data.created !== undefined) out.created = parsed.data.created;
  return out;
}
