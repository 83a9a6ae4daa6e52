import { z } from "zod";
import { buildImage } from "./build-image.js";
import { collect } from "./collect.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

export interface GithubDelivery {
  /** `X-GitHub-Event`. */
  event: string;
  /** `X-GitHub-Delivery`. */
  deliveryId: string;
  payload: unknown;
  receivedAt: string;
}

const pkg = z.object({
  name: z.string().min(1),
  package_type: z.string().optional(),
  ecosystem: z.string().optional(),
  owner: z.object({ login: z.string().min(1) }),
  package_version: z
    .object({
      version: z.string().optional(),
      target_oid: z.string().nullish(),
      package_url: z.string().optional(),
      container_metadata: z
        .object({
          tag: z.object({ name: z.string().optional(), digest: z.string().optional() }).nullish(),
          labels: z
            .object({
              revision: z.string().nullish(),
              all_labels: z
                .object({ "org.opencontainers.image.revision": z.string().optional() })
                .nullish(),
            })
            .nullish(),
          manifest: z.object({ digest: z.string().optional() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

const envelope = z.object({ action: z.string() });

/**
 * GitHub Packages `registry_package` / `package` events for container images on GHCR
 * (`action: published | updated`). `package_type` is `CONTAINER` (schema) or `container` (docs):
 * compared case-insensitively. The tag may be `""` (untagged or per-platform manifests): that is a
 * digest-only event.
 */
export function normalizeGhcr(delivery: GithubDelivery): NormalizeOutcome {
  if (delivery.event !== "package" && delivery.event !== "registry_package") {
    return ignored(`GitHub event ${JSON.stringify(delivery.event)} is not a package event`);
  }
  const env = parseBody(envelope, delivery.payload);
  if (!env.ok) return invalid(env.error);
  if (env.value.action !== "published" && env.value.action !== "updated") {
    return ignored(`package action ${JSON.stringify(env.value.action)} is not used`);
  }
  const field = (delivery.payload as Record<string, unknown>)[delivery.event];
  const parsed = parseBody(pkg, field);
  if (!parsed.ok) return invalid(`${delivery.event}.${parsed.error}`);
  const p = parsed.value;
  const kinds = [p.package_type, p.ecosystem].map((k) => k?.toLowerCase());
  const version = p.package_version;
  const url = version?.package_url;
  const onGhcr = url === undefined || url.startsWith("ghcr.io/");
  const isContainer =
    kinds.includes("container") || (kinds.includes("docker") && url?.startsWith("ghcr.io/"));
  if (!isContainer || !onGhcr)
    return ignored(`package ${JSON.stringify(p.name)} is not a GHCR container image`);
  const meta = version?.container_metadata;
  if (!meta) return ignored(`package ${JSON.stringify(p.name)} has no container metadata`);

  const labels = meta.labels;
  const versionDigest = version.version?.startsWith("sha256:") ? version.version : undefined;
  return collect(
    [
      buildImage({
        source: "ghcr",
        name: (url ? nameOfUrl(url) : `ghcr.io/${p.owner.login}/${p.name}`).toLowerCase(),
        tag: meta.tag?.name,
        digest: meta.tag?.digest || meta.manifest?.digest || versionDigest,
        senderId: delivery.deliveryId,
        receivedAt: delivery.receivedAt,
        revision:
          labels?.revision ||
          labels?.all_labels?.["org.opencontainers.image.revision"] ||
          version.target_oid,
      }),
    ],
    "package version without tag or digest",
  );
}

/** `ghcr.io/owner/name:tag` (tag may be empty) or `…@sha256:…` → `ghcr.io/owner/name`. */
function nameOfUrl(url: string): string {
  const noDigest = url.split("@")[0] ?? url;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.indexOf(":", slash);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}
