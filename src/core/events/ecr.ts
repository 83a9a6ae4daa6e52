import { z } from "zod";
import { buildImage } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { ignored, invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const body = z.object({
  id: z.string(),
  source: z.string(),
  "detail-type": z.string(),
  account: z.string().regex(/^\d{12}$/, "is not an AWS account id"),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "is not an AWS region"),
  detail: z.object({
    result: z.string(),
    "action-type": z.string(),
    "repository-name": z.string().min(1),
    "image-digest": z.string().optional(),
    "image-tag": z.string().optional(),
  }),
});

/**
 * AWS ECR `ECR Image Action` events, delivered by an EventBridge API destination. Only a
 * successful `PUSH` counts; the host is `<account>.dkr.ecr.<region>.amazonaws.com`.
 */
export function normalizeEcr(delivery: RegistryDelivery): NormalizeOutcome {
  const parsed = parseBody(body, delivery.body);
  if (!parsed.ok) return invalid(parsed.error);
  const e = parsed.value;
  if (e.source !== "aws.ecr" || e["detail-type"] !== "ECR Image Action") {
    return ignored(
      `EventBridge event ${JSON.stringify(`${e.source}/${e["detail-type"]}`)} is not used`,
    );
  }
  if (e.detail["action-type"] !== "PUSH" || e.detail.result !== "SUCCESS") {
    return ignored(`ECR ${e.detail["action-type"]} ${e.detail.result} is not used`);
  }
  const host = delivery.registry ?? `${e.account}.dkr.ecr.${e.region}.amazonaws.com`;
  return collect(
    [
      buildImage({
        source: "ecr",
        name: `${host}/${e.detail["repository-name"]}`,
        tag: e.detail["image-tag"],
        digest: e.detail["image-digest"],
        senderId: e.id,
        receivedAt: delivery.receivedAt,
      }),
    ],
    "push without tag or digest",
  );
}
