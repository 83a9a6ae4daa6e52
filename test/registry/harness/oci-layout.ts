import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { SKOPEO_BIN } from "./registry.js";

const run = promisify(execFile);

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Uint8Array;
}

export const blob = (mediaType: string, bytes: Uint8Array | string): Blob => {
  const b = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  return {
    mediaType,
    bytes: b,
    size: b.byteLength,
    digest: `sha256:${createHash("sha256").update(b).digest("hex")}`,
  };
};

export const descriptorOf = (b: Blob, extra: Record<string, unknown> = {}) => ({
  mediaType: b.mediaType,
  digest: b.digest,
  size: b.size,
  ...extra,
});

/** An OCI image manifest over `config` and the descriptors of its layers. */
export const imageManifest = (config: Blob, layers: ReturnType<typeof descriptorOf>[]): Blob =>
  blob(
    "application/vnd.oci.image.manifest.v1+json",
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: descriptorOf(config),
      layers,
    }),
  );

/** A one-file tar archive (ustar), so every test image has a real, distinct layer. */
export function tarWithFile(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write("0000644\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write("00000000000\0", 136);
  header.write("        ", 148);
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return new Uint8Array(Buffer.concat([header, padded, Buffer.alloc(1024)]));
}

export interface ImageSpec {
  labels?: Record<string, string>;
  created?: string;
  arch?: string;
  /** Distinguishes images with the same labels. */
  content?: string;
}

/** An OCI image: config + one gzip layer + manifest, as blobs. */
export function buildImage(spec: ImageSpec): { manifest: Blob; blobs: Blob[] } {
  const tar = tarWithFile("hello.txt", spec.content ?? JSON.stringify(spec));
  const layer = blob("application/vnd.oci.image.layer.v1.tar+gzip", gzipSync(tar));
  const diffId = `sha256:${createHash("sha256").update(tar).digest("hex")}`;
  const config = blob(
    "application/vnd.oci.image.config.v1+json",
    JSON.stringify({
      architecture: spec.arch ?? "amd64",
      os: "linux",
      created: spec.created ?? "2026-01-01T00:00:00Z",
      config: { Labels: spec.labels ?? {} },
      rootfs: { type: "layers", diff_ids: [diffId] },
    }),
  );
  const manifest = imageManifest(config, [descriptorOf(layer)]);
  return { manifest, blobs: [config, layer, manifest] };
}

/** A multi-arch OCI index over images built for each architecture. */
export function buildIndex(specs: ImageSpec[]): { manifest: Blob; blobs: Blob[] } {
  const images = specs.map((s) => ({ spec: s, image: buildImage(s) }));
  const index = blob(
    "application/vnd.oci.image.index.v1+json",
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: images.map(({ spec, image }) =>
        descriptorOf(image.manifest, {
          platform: { os: "linux", architecture: spec.arch ?? "amd64" },
        }),
      ),
    }),
  );
  return { manifest: index, blobs: [...images.flatMap((i) => i.image.blobs), index] };
}

/** Writes an OCI image layout directory holding `image` under the name `ref`. */
export async function writeLayout(
  image: { manifest: Blob; blobs: Blob[] },
  ref: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bumpwarden-oci-"));
  await mkdir(join(dir, "blobs", "sha256"), { recursive: true });
  for (const b of image.blobs)
    await writeFile(join(dir, "blobs", "sha256", b.digest.slice(7)), b.bytes);
  await writeFile(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        descriptorOf(image.manifest, { annotations: { "org.opencontainers.image.ref.name": ref } }),
      ],
    }),
  );
  return dir;
}

/** `skopeo copy` from an OCI layout into the test registry (plain HTTP, test credentials). */
export async function skopeoCopy(
  layout: string,
  ref: string,
  destination: string,
  options: {
    creds?: { username: string; password: string };
    all?: boolean;
    format?: "oci" | "v2s2";
  } = {},
): Promise<void> {
  const args = ["copy", "--quiet", "--dest-tls-verify=false"];
  if (options.creds) args.push(`--dest-creds=${options.creds.username}:${options.creds.password}`);
  if (options.all) args.push("--all");
  if (options.format) args.push(`--format=${options.format}`);
  args.push(`oci:${layout}:${ref}`, `docker://${destination}`);
  await run(SKOPEO_BIN, args, { env: { ...process.env, HOME: layout } });
}
