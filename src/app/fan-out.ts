import type { ImagePushed } from "../core/events/image-pushed.js";
import type { ImageIndex } from "../ports/image-index.js";
import type { Registry } from "../ports/registry.js";
import { tagForDigest } from "./tag-for-digest.js";

export interface RepoBump {
  installationId: number;
  repo: string;
  repository: string;
  tag: string;
  digest: string | null;
  /** From the event, when it said (see ImagePushed). */
  revision?: string;
  sourceRepository?: string;
}

export type FanOut = { kind: "bumps"; bumps: RepoBump[] } | { kind: "nothing"; reason: string };

/**
 * Which GitOps repositories a pushed image concerns: every indexed repository that references it,
 * across installations. A digest-only push is first named by the registry.
 */
export async function fanOut(
  event: ImagePushed,
  index: ImageIndex,
  registry: Registry,
): Promise<FanOut> {
  const usages = await index.usages(event.repository);
  if (usages.length === 0)
    return { kind: "nothing", reason: `no indexed repository uses ${event.repository}` };
  const tag =
    event.tag ??
    (event.digest ? await tagForDigest(registry, event.repository, event.digest) : null);
  if (tag === null)
    return {
      kind: "nothing",
      reason: `no tag of ${event.repository} points at ${event.digest ?? "the pushed image"}`,
    };
  return {
    kind: "bumps",
    bumps: usages.map((u) => ({
      installationId: u.installationId,
      repo: u.repo,
      repository: event.repository,
      tag,
      digest: event.digest,
      ...(event.revision && { revision: event.revision }),
      ...(event.sourceRepository && { sourceRepository: event.sourceRepository }),
    })),
  };
}
