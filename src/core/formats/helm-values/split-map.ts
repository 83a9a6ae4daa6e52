import { parseReference } from "../../image-ref.js";
import type { YScalar } from "../../yaml/index.js";
import { placed } from "../image-string.js";
import { holdsVariables, isTemplated, parseLenient } from "../lenient-ref.js";
import { scalarSlot, valueOffsets } from "../scalar.js";
import type { Found, Slot } from "../types.js";
import { child, pathOf, scalarOf, sharedAnchors, stringOf, textOf } from "../yaml-walk.js";
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
  const digestCursor = child(c, "digest") ?? child(c, "sha");
  const shaOnly = !child(c, "digest") && digestCursor !== undefined;
  const registry = has("registry")
    ? (ctx.globalRegistry ?? textOf(child(c, "registry")))
    : undefined;
  const tag = textOf(tagCursor) ?? null;
  const rawDigest = textOf(digestCursor) ?? null;
  const digest =
    rawDigest !== null && shaOnly
      ? HEX.test(rawDigest)
        ? `sha256:${rawDigest}`
        : null
      : rawDigest;
  const image = `${registry ? `${registry}/` : ""}${repository}${tag !== null ? `:${tag}` : ""}${digest !== null ? `@${digest}` : ""}`;

  const tagWritten = (scalarOf(tagCursor)?.start ?? -1) >= 0 ? tagCursor : undefined;
  const at = tagWritten ?? (digest !== null ? digestCursor : undefined) ?? repoCursor;
  const offset = positionOf(at, c);
  const { out, doc, input } = ctx;
  if (isTemplated(image)) {
    out.templated.push({ kind: "helm-values", offset, text: image });
    return;
  }
  const parsed = parseReference(image);
  if (!parsed.ok && !holdsVariables(image)) {
    out.problems.push({
      offset,
      severity: "error",
      message: `"${image}" is not a valid image reference: ${parsed.error.message}`,
    });
    return;
  }
  const where = {
    kind: "helm-values" as const,
    path: pathOf(at),
    document: doc.index,
    shared: sharedAnchors(at, doc, input.text),
  };
  const found: Found = {
    ...placed(where),
    offset,
    image,
    repository: parsed.ok ? parsed.value.repository : parseLenient(image).repository,
    tag,
    digest,
    editable: false,
  };
  const tagSlot = tag !== null ? wholeSlot(input.text, scalarOf(tagCursor)) : undefined;
  const digestSlot =
    digest !== null ? wholeSlot(input.text, scalarOf(digestCursor), shaOnly) : undefined;
  if (digestSlot) found.digestSlot = digestSlot;
  if (tagSlot && !tagSlot.current.includes("$")) {
    found.tagSlot = tagSlot;
    found.editable = true;
  } else
    found.reason =
      tag === null
        ? "no tag: the chart's appVersion applies"
        : "the tag is escaped, folded or a variable";
  out.references.push(found);
}

function positionOf(at: Cursor, map: Cursor): number {
  const s = scalarOf(at);
  if (s && s.start >= 0) return s.start;
  return Math.max(map.node.start, 0);
}

function wholeSlot(text: string, s: YScalar | undefined, hex = false): Slot | undefined {
  const map = s && valueOffsets(text, s);
  return s && map ? scalarSlot(s, map, 0, s.value.length, hex ? { format: "hex" } : {}) : undefined;
}
