import { isValidDigest, isValidTag, parseReference } from "../image-ref.js";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { ImagePushed, ImageSource } from "./image-pushed.js";
import { semanticKey } from "./image-pushed.js";

export interface ImageFields {
  source: ImageSource;
  /** Image name as the sender gives it, with or without host: `harbor.example.com/a/b`, `library/nginx`. */
  name: string;
  tag: string | null | undefined;
  digest: string | null | undefined;
  /** The sender's own delivery or event id; namespaced by source. `null` → the semantic key. */
  senderId: string | null | undefined;
  receivedAt: string;
  revision?: string | null | undefined;
  /** `github.com/acme/api`: the repository whose workflow built the image. */
  sourceRepository?: string | undefined;
}

const senderIdPattern = /^[A-Za-z0-9][\w.:@/+=#-]{0,199}$/;
const revisionPattern = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Validates what a sender said and builds the event. The repository must be a valid reference
 * name under the distribution grammar (lower-case ASCII, no `..` components), so path traversal,
 * homoglyphs and shell metacharacters are refused here, before anything is enqueued.
 */
export function buildImage(fields: ImageFields): Result<ImagePushed, string> {
  const parsed = parseReference(fields.name);
  if (!parsed.ok)
    return err(
      `repository ${quote(fields.name)} is not a valid image name: ${parsed.error.message}`,
    );
  if (parsed.value.tag !== null || parsed.value.digest !== null) {
    return err(`repository ${quote(fields.name)} must not carry a tag or digest`);
  }
  const tag = fields.tag === undefined || fields.tag === "" ? null : fields.tag;
  if (tag !== null && !isValidTag(tag)) return err(`tag ${quote(tag)} is not a valid tag`);
  const digest = fields.digest === undefined || fields.digest === "" ? null : fields.digest;
  if (digest !== null && !isValidDigest(digest))
    return err(`digest ${quote(digest)} is not a valid digest`);
  if (tag === null && digest === null)
    return err(`${quote(fields.name)}: the event names neither a tag nor a digest`);
  const senderId = fields.senderId ?? null;
  if (senderId !== null && !senderIdPattern.test(senderId))
    return err(`delivery id ${quote(senderId)} is malformed`);

  const image: ImagePushed = {
    repository: parsed.value.repository,
    tag,
    digest,
    source: fields.source,
    deliveryId: "",
    receivedAt: fields.receivedAt,
  };
  image.deliveryId = senderId === null ? semanticKey(image) : `${fields.source}:${senderId}`;
  const revision = fields.revision?.toLowerCase();
  if (revision !== undefined && revisionPattern.test(revision)) image.revision = revision;
  if (fields.sourceRepository) image.sourceRepository = fields.sourceRepository;
  return ok(image);
}

/** Joins a registry (`host[/prefix]`) and a path inside it. */
export function joinName(registry: string, path: string): string {
  return `${registry.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Echoes sender text safely into a reason: JSON-quoted, at most 80 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** The distribution rule for "the first component is a registry host": it has a dot or a port, or is localhost. */
export function looksLikeHost(component: string): boolean {
  return component === "localhost" || component.includes(".") || component.includes(":");
}
