import type { RegistryStore } from "./store.js";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

/**
 * Pushes a small but well-formed single-platform OCI image (one layer, a config with labels)
 * and returns its manifest digest.
 */
export function pushImage(
  store: RegistryStore,
  repository: string,
  tag: string,
  options: { labels?: Record<string, string>; created?: string; layer?: string } = {},
): string {
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      created: options.created ?? "2026-11-01T00:00:00Z",
      config: { Labels: options.labels ?? {} },
      rootfs: { type: "layers", diff_ids: [] },
    }),
  );
  const layer = Buffer.from(options.layer ?? `layer of ${repository}:${tag}`);
  const configDigest = store.putBlob(repository, config);
  const layerDigest = store.putBlob(repository, layer);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
    layers: [
      {
        mediaType: "application/vnd.oci.image.layer.v1.tar",
        digest: layerDigest,
        size: layer.length,
      },
    ],
  });
  return store.putManifest(repository, tag, manifest, OCI_MANIFEST);
}
