import { z } from "zod";
import { buildImage, joinName } from "./build-image.js";
import { collect } from "./collect.js";
import type { RegistryDelivery } from "./delivery.js";
import type { NormalizeOutcome } from "./outcome.js";
import { invalid } from "./outcome.js";
import { parseBody } from "./parse-body.js";

const body = z.object({
  push_data: z.object({ tag: z.string() }),
  repository: z.object({ repo_name: z.string().min(1) }),
});

/**
 * Docker Hub push webhook. One trigger (push), no event field, no auth (the route's URL token is
 * the secret), no digest (the worker reads it from the registry), no delivery id.
 */
export function normalizeDockerHub(delivery: RegistryDelivery): NormalizeOutcome {
  const parsed = parseBody(body, delivery.body);
  if (!parsed.ok) return invalid(parsed.error);
  const { push_data, repository } = parsed.value;
  const name = delivery.registry
    ? joinName(delivery.registry, repository.repo_name)
    : repository.repo_name;
  return collect(
    [
      buildImage({
        source: "dockerhub",
        name,
        tag: push_data.tag,
        digest: null,
        senderId: null,
        receivedAt: delivery.receivedAt,
      }),
    ],
    "push without a tag",
  );
}
