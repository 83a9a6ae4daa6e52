import { fromAssembled, setSlots } from "../image-string.js";
import { wholeScalarSlot } from "../scalar.js";
import { child, placeOf, scalarOf, stringOf, textOf } from "../yaml-walk.js";
import type { Cursor } from "../yaml-walk.js";
import type { ValuesContext } from "./walk.js";

const HEX = /^[a-f0-9]{64}$/;

/**
 * A split image map: `{registry?, repository, tag?, digest? | sha?}` (or `name` instead of
 * `repository` under an `…image` key). The reference is `[registry/]repository[:tag][@digest]`;
 * `sha: <hex>` (kube-prometheus-stack) is the digest `sha256:<hex>`. Its line is the tag's, else the
 * digest's, else the repository's. Without a tag the chart's `appVersion` applies: read-only.
 */
export function fromSplitMap(ctx: ValuesContext, c: Cursor, underImage: boolean): void {
  const has = (key: string): boolean => child(c, key) !== undefined;
  const structured = has("tag") || has("digest") || has("registry");
  let repoCursor = child(c, "repository");
  let repository = stringOf(repoCursor);
  if (!repository && underImage && structured && !has("repository")) {
    repoCursor = child(c, "name");
    repository = stringOf(repoCursor);
  }
  if (!repository || !repoCursor || !(underImage || structured)) return;

  const tagCursor = child(c, "tag");
  const { cursor: digestCursor, digest, shaOnly } = digestIn(c);
  const registry = has("registry")
    ? (ctx.globalRegistry ?? textOf(child(c, "registry")))
    : undefined;
  const tag = textOf(tagCursor) ?? null;
  const image = assemble(registry, repository, tag, digest);

  const tagWritten = (scalarOf(tagCursor)?.start ?? -1) >= 0 ? tagCursor : undefined;
  const at = tagWritten ?? (digest !== null ? digestCursor : undefined) ?? repoCursor;
  const offset = positionOf(at, c);
  const { out, doc, input } = ctx;
  const where = placeOf("helm-values", at, doc, input.text);
  const found = fromAssembled({ image, tag, digest }, where, offset, out);
  if (!found) return;
  const tagSlot = tag !== null ? wholeScalarSlot(input.text, scalarOf(tagCursor)) : undefined;
  const digestSlot =
    digest !== null
      ? wholeScalarSlot(input.text, scalarOf(digestCursor), shaOnly ? "hex" : undefined)
      : undefined;
  setSlots(
    found,
    tagSlot,
    digestSlot,
    tag === null
      ? "no tag: the chart's appVersion applies"
      : "the tag is escaped, folded or a variable",
  );
  out.references.push(found);
}

/** A map's digest: `digest`, or kube-prometheus-stack's `sha: <hex>` read as `sha256:<hex>`. */
export function digestIn(c: Cursor): {
  cursor: Cursor | undefined;
  digest: string | null;
  shaOnly: boolean;
} {
  const cursor = child(c, "digest") ?? child(c, "sha");
  const shaOnly = !child(c, "digest") && cursor !== undefined;
  const raw = textOf(cursor) ?? null;
  const digest = raw !== null && shaOnly ? (HEX.test(raw) ? `sha256:${raw}` : null) : raw;
  return { cursor, digest, shaOnly };
}

/** `[registry/]repository[:tag][@digest]` */
export function assemble(
  registry: string | undefined,
  repository: string,
  tag: string | null,
  digest: string | null,
): string {
  return `${registry ? `${registry}/` : ""}${repository}${tag !== null ? `:${tag}` : ""}${digest !== null ? `@${digest}` : ""}`;
}

function positionOf(at: Cursor, map: Cursor): number {
  const s = scalarOf(at);
  if (s && s.start >= 0) return s.start;
  return Math.max(map.node.start, 0);
}
