import {
  COSIGN_SIGNATURE_ANNOTATION,
  SIMPLE_SIGNING_MEDIA_TYPE,
} from "../../../src/core/signatures/index.js";
import { blob, descriptorOf, imageManifest } from "./oci-layout.js";
import type { Blob } from "./oci-layout.js";

export interface Artifact {
  manifest: Blob;
  blobs: Blob[];
}

/** The image config cosign writes for its classic `.sig` and `.att` images. */
export const CLASSIC_CONFIG = blob(
  "application/vnd.oci.image.config.v1+json",
  JSON.stringify({
    architecture: "",
    os: "",
    config: {},
    rootfs: { type: "layers", diff_ids: [] },
  }),
);

/** cosign's classic image layout (`sha256-<hex>.sig`, `.att`): a config and one layer per item. */
export function classicImage(
  layers: { blob: Blob; annotations?: Record<string, string> }[],
  config: Blob = CLASSIC_CONFIG,
): Artifact {
  const manifest = imageManifest(
    config,
    layers.map((l) => descriptorOf(l.blob, l.annotations ? { annotations: l.annotations } : {})),
  );
  return { manifest, blobs: [config, ...layers.map((l) => l.blob), manifest] };
}

/** cosign's classic signature image: one simple-signing layer per signature, pushed at `sha256-<hex>.sig`. */
export function classicSignature(
  layers: { payload: Uint8Array; signature: string | null; mediaType?: string }[],
): Artifact {
  return classicImage(
    layers.map((l) => ({
      blob: blob(l.mediaType ?? SIMPLE_SIGNING_MEDIA_TYPE, l.payload),
      ...(l.signature !== null && {
        annotations: { [COSIGN_SIGNATURE_ANNOTATION]: l.signature },
      }),
    })),
  );
}

export const EMPTY_CONFIG = blob("application/vnd.oci.empty.v1+json", "{}");

/** An OCI 1.1 referrer: `artifactType`, empty config, one layer, `subject` = the image. */
export function referrer(
  subject: Blob,
  artifactType: string,
  layer: { mediaType: string; bytes: Uint8Array; annotations?: Record<string, string> },
): Artifact {
  const content = blob(layer.mediaType, layer.bytes);
  const manifest = blob(
    "application/vnd.oci.image.manifest.v1+json",
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      artifactType,
      config: descriptorOf(EMPTY_CONFIG),
      layers: [descriptorOf(content, layer.annotations ? { annotations: layer.annotations } : {})],
      subject: descriptorOf(subject),
      annotations: { "org.opencontainers.image.created": "2026-03-01T10:00:00Z" },
    }),
  );
  return { manifest, blobs: [EMPTY_CONFIG, content, manifest] };
}

/** The referrers tag schema's index (`sha256-<hex>` tag) listing `artifacts`. */
export function referrersIndex(artifacts: { artifact: Artifact; artifactType: string }[]): Blob {
  return blob(
    "application/vnd.oci.image.index.v1+json",
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: artifacts.map(({ artifact, artifactType }) =>
        descriptorOf(artifact.manifest, { artifactType }),
      ),
    }),
  );
}
