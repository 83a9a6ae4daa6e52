import type { Descriptor, ImageConfig, Registry, RegistryError } from "../../ports/registry.js";
import type { Result } from "../../core/result.js";
import { ok } from "../../core/result.js";
import { invalid } from "./context.js";
import { pickPlatform, readConfig } from "./manifest.js";

/** Labels of `repository@digest`: for an index, of its linux/amd64 (else first runnable) image. */
export async function readImageConfig(
  registry: Registry,
  repository: string,
  digest: string,
): Promise<Result<ImageConfig, RegistryError>> {
  const top = await registry.getManifest(repository, digest);
  if (!top.ok) return top;
  let image = top.value;
  let platform: Descriptor["platform"];
  if (image.kind === "index") {
    const child = pickPlatform(image.manifests);
    if (!child)
      return invalid(repository, `${repository}@${digest}: the index lists no images`, "not-found");
    const m = await registry.getManifest(repository, child.digest);
    if (!m.ok) return m;
    image = m.value;
    platform = child.platform;
  }
  if (!image.config) return invalid(repository, `${repository}@${image.digest} has no config`);
  const blob = await registry.getBlob(repository, image.config.digest);
  if (!blob.ok) return blob;
  const config = readConfig(blob.value);
  if (typeof config === "string")
    return invalid(repository, `${repository}@${image.digest}: ${config}`);
  return ok(withWellKnown(image.digest, platform, config));
}

const LABEL = "org.opencontainers.image.";

function withWellKnown(
  manifestDigest: string,
  platform: Descriptor["platform"],
  config: { labels: Record<string, string>; created?: string },
): ImageConfig {
  const l = config.labels;
  const out: ImageConfig = { manifestDigest, labels: l };
  if (platform) out.platform = platform;
  const created = config.created ?? l[`${LABEL}created`];
  if (created !== undefined) out.created = created;
  for (const name of ["source", "revision", "version"] as const) {
    const value = l[`${LABEL}${name}`];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
