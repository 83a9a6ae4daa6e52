import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { buildImage, joinName, looksLikeHost } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { ImagePushed } from "./image-pushed.js";
import type { ImageScanned, ScanReport } from "./image-scanned.js";
import type { NormalizeOutcome } from "./outcome.js";
import { accepted, ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const scanOverview = z.object({
  scan_status: z.string().optional(),
  severity: z.string().optional(),
  summary: z
    .object({
      total: z.number().optional(),
      fixable: z.number().optional(),
      summary: z.record(z.string(), z.number()).optional(),
    })
    .optional(),
  scanner: z.object({ name: z.string(), vendor: z.string(), version: z.string() }).optional(),
});

const resource = z.object({
  digest: z.string().optional(),
  tag: z.string().optional(),
  resource_url: z.string().optional(),
  scan_overview: z.record(z.string(), scanOverview).optional(),
});

const eventData = z.object({
  resources: z.array(resource).max(100),
  repository: z.object({ repo_full_name: z.string().min(1) }),
});

const defaultFormat = z.object({ type: z.string(), event_data: z.unknown() });
const cloudEvent = z.object({
  specversion: z.string(),
  id: z.string(),
  type: z.string(),
  data: z.unknown(),
});

type Kind = "push" | "scan" | null;
const defaultKinds: Record<string, Kind> = { PUSH_ARTIFACT: "push", SCANNING_COMPLETED: "scan" };
const cloudKinds: Record<string, Kind> = {
  "harbor.artifact.pushed": "push",
  "harbor.scan.completed": "scan",
};

/**
 * Harbor webhooks, Default (`type: PUSH_ARTIFACT`) and CloudEvents (`type: harbor.artifact.pushed`)
 * formats. Pushes become images; `SCANNING_COMPLETED` becomes a scan event. A resource's `tag`
 * is its digest when the artifact was pushed by digest: that is a digest-only event.
 */
export function normalizeHarbor(delivery: RegistryDelivery): NormalizeOutcome {
  const envelope = readEnvelope(delivery.body);
  if (!envelope.ok) return invalid(envelope.error);
  const { type, kind, id, data } = envelope.value;
  if (kind === null) return ignored(`Harbor event type ${JSON.stringify(type)} is not used`);
  const parsed = parseBody(eventData, data);
  if (!parsed.ok) return invalid(parsed.error);
  const images: Result<ImagePushed, string>[] = parsed.value.resources.map((r) => {
    const name = nameOf(delivery.registry, r.resource_url, parsed.value.repository.repo_full_name);
    if (!name.ok) return name;
    return buildImage({
      source: "harbor",
      name: name.value,
      tag: r.tag === r.digest ? null : r.tag,
      digest: r.digest,
      senderId: id,
      receivedAt: delivery.receivedAt,
    });
  });
  const outcome = collect(images, "Harbor event without resources");
  if (kind === "push" || outcome.kind !== "accepted") return outcome;
  const scans = outcome.images.map((image, i): ImageScanned => ({
    repository: image.repository,
    tag: image.tag,
    digest: image.digest,
    source: "harbor",
    deliveryId: `scan:${image.deliveryId}`,
    receivedAt: image.receivedAt,
    reports: reports(parsed.value.resources[i]?.scan_overview ?? {}),
  }));
  return accepted([], scans);
}

function readEnvelope(
  body: unknown,
): Result<{ type: string; kind: Kind; id: string | null; data: unknown }, string> {
  if (typeof body === "object" && body !== null && "specversion" in body) {
    const ce = parseBody(cloudEvent, body);
    if (!ce.ok) return err(ce.error);
    return ok({
      type: ce.value.type,
      kind: cloudKinds[ce.value.type] ?? null,
      id: ce.value.id,
      data: ce.value.data,
    });
  }
  const def = parseBody(defaultFormat, body);
  if (!def.ok) return err(def.error);
  return ok({
    type: def.value.type,
    kind: defaultKinds[def.value.type] ?? null,
    id: null,
    data: def.value.event_data,
  });
}

/** Harbor names the host only inside `resource_url` (`harbor.example.com/project/repo:tag`). */
function nameOf(
  registry: string | undefined,
  resourceUrl: string | undefined,
  fullName: string,
): Result<string, string> {
  if (registry) return ok(joinName(registry, fullName));
  const host = resourceUrl?.split("/")[0] ?? "";
  if (!looksLikeHost(host))
    return err("resource_url names no registry host; set `registry` on the endpoint");
  return ok(joinName(host, fullName));
}

function reports(overview: Record<string, z.infer<typeof scanOverview>>): ScanReport[] {
  return Object.entries(overview).map(([mimeType, o]) => ({
    mimeType,
    status: o.scan_status ?? "unknown",
    severity: o.severity ?? null,
    total: o.summary?.total ?? null,
    fixable: o.summary?.fixable ?? null,
    bySeverity: o.summary?.summary ?? {},
    scanner: o.scanner ?? null,
  }));
}
