import { z } from "zod";
import { parseReference } from "../image-ref.js";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { buildImage, quote } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import { jsonDepthExceeds, maxJsonDepth } from "./json-depth.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const envelope = z.object({
  message: z.object({
    data: z.string().max(1_000_000),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

const message = z.object({
  action: z.string(),
  digest: z.string().optional(),
  tag: z.string().optional(),
});

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Google Artifact Registry (and Container Registry) notifications through a Pub/Sub push
 * subscription: `message.data` is base64 JSON `{action, digest?, tag?}` holding fully-qualified
 * references. `INSERT` counts; an untagged upload is digest-only. The route has already checked
 * the push's OIDC token.
 */
export function normalizeGar(delivery: RegistryDelivery): NormalizeOutcome {
  const env = parseBody(envelope, delivery.body);
  if (!env.ok) return invalid(env.error);
  const decoded = decode(env.value.message.data);
  if (!decoded.ok) return invalid(decoded.error);
  const msg = parseBody(message, decoded.value);
  if (!msg.ok) return invalid(`message.data: ${msg.error}`);
  const { action, digest, tag } = msg.value;
  if (action !== "INSERT") return ignored(`GAR action ${JSON.stringify(action)} is not used`);

  const byTag = tag ? parseReference(tag) : null;
  const byDigest = digest ? parseReference(digest) : null;
  if (byTag && !byTag.ok)
    return invalid(`message.data.tag ${quote(tag ?? "")}: ${byTag.error.message}`);
  if (byDigest && !byDigest.ok)
    return invalid(`message.data.digest ${quote(digest ?? "")}: ${byDigest.error.message}`);
  const t = byTag?.ok ? byTag.value : null;
  const d = byDigest?.ok ? byDigest.value : null;
  if (t && d && t.repository !== d.repository)
    return invalid("message.data: tag and digest name different images");
  const ref = t ?? d;
  if (!ref) return ignored("INSERT without tag or digest");
  return collect(
    [
      buildImage({
        source: "gar",
        name: ref.name,
        tag: t?.tag ?? null,
        digest: d?.digest ?? t?.digest ?? null,
        senderId: env.value.message.messageId ?? env.value.message.message_id,
        receivedAt: delivery.receivedAt,
      }),
    ],
    "INSERT without tag or digest",
  );
}

function decode(data: string): Result<unknown, string> {
  if (!base64.test(data)) return err("message.data is not base64");
  const text = Buffer.from(data, "base64").toString("utf8");
  if (jsonDepthExceeds(text, maxJsonDepth)) return err("message.data nests too deeply");
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err("message.data is not base64 JSON");
  }
}
