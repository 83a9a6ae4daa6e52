import {
  COSIGN_SIGNATURE_ANNOTATION,
  SIMPLE_SIGNING_MEDIA_TYPE,
} from "../../../src/core/signatures/index.js";
import { blob, descriptorOf } from "./oci-layout.js";
import type { Blob } from "./oci-layout.js";

export interface Artifact {
  manifest: Blob;
  blobs: Blob[];
}

/** cosign's classic signature image: one simple-signing layer per signature, pushed at `sha256-<hex>.sig`. */
export function classicSignature(
  layers: { payload: Uint8Array; signature: string | null; mediaType?: string }[],
): Artifact {
  const config = blob(
    "application/vnd.oci.image.config.v1+json",
    JSON.stringify({
      architecture: "",
      os: "",
      config: {},
      rootfs: { type: "layers", diff_ids: [] },
    }),
  );
  const payloads = layers.map((l) => ({
    b: blob(l.mediaType ?? SIMPLE_SIGNING_MEDIA_TYPE, l.payload),
    sig: l.signature,
  }));
  const manifest = blob(
    "application/vnd.oci.image.manifest.v1+json",
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: descriptorOf(config),
      layers: payloads.map(({ b, sig }) =>
        descriptorOf(
          b,
          sig === null ? {} : { annotations: { [COSIGN_SIGNATURE_ANNOTATION]: sig } },
        ),
      ),
    }),
  );
  return { manifest, blobs: [config, ...payloads.map((p) => p.b), manifest] };
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
