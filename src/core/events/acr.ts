import { z } from "zod";
import { buildImage, joinName } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const body = z.object({
  id: z.string().optional(),
  action: z.string(),
  target: z
    .object({
      repository: z.string().min(1),
      tag: z.string().optional(),
      digest: z.string().optional(),
    })
    .optional(),
  request: z.object({ host: z.string().optional() }).optional(),
});

/** Azure Container Registry webhook, action `push` (a tag-less push is digest-only). */
export function normalizeAcr(delivery: RegistryDelivery): NormalizeOutcome {
  const parsed = parseBody(body, delivery.body);
  if (!parsed.ok) return invalid(parsed.error);
  const { id, action, target, request } = parsed.value;
  if (action !== "push") return ignored(`ACR action ${JSON.stringify(action)} is not used`);
  if (!target) return invalid("target: required for a push");
  const host = delivery.registry ?? request?.host;
  if (!host) return invalid("request.host is missing; set `registry` on the endpoint");
  return collect(
    [
      buildImage({
        source: "acr",
        name: joinName(host, target.repository),
        tag: target.tag,
        digest: target.digest,
        senderId: id,
        receivedAt: delivery.receivedAt,
      }),
    ],
    "push without tag or digest",
  );
}
