import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";

export const SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
export const COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
export const COSIGN_TYPE = "cosign container image signature";

/** containers-signature(5) "simple signing" payload, as cosign writes it. */
export interface SimpleSigningPayload {
  manifestDigest: string;
  dockerReference: string | null;
  type: string;
  optional: Record<string, unknown> | null;
}

const record = z.record(z.string(), z.unknown());

/**
 * Reads the payload. Field names in `critical` are matched case-insensitively, as Go's JSON
 * decoder (which cosign uses) does: the spec's own example spells `Docker-manifest-digest`.
 */
export function parseSimpleSigning(bytes: Uint8Array): Result<SimpleSigningPayload, string> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return err("the signed payload is not JSON");
  }
  const top = record.safeParse(json);
  if (!top.success) return err("the signed payload is not a JSON object");
  const critical = record.safeParse(field(top.data, "critical"));
  if (!critical.success) return err("the signed payload has no `critical` section");
  const image = record.safeParse(field(critical.data, "image"));
  const identity = record.safeParse(field(critical.data, "identity"));
  const digest = image.success ? field(image.data, "docker-manifest-digest") : undefined;
  const type = field(critical.data, "type");
  if (typeof digest !== "string")
    return err("the signed payload names no `critical.image.docker-manifest-digest`");
  if (typeof type !== "string") return err("the signed payload has no `critical.type`");
  const ref = identity.success ? field(identity.data, "docker-reference") : undefined;
  const optional = record.safeParse(field(top.data, "optional"));
  return ok({
    manifestDigest: digest,
    dockerReference: typeof ref === "string" ? ref : null,
    type,
    optional: optional.success ? optional.data : null,
  });
}

function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
