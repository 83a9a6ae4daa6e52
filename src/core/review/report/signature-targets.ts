import type { Config } from "../../config/schema.js";
import { parseReference } from "../../image-ref.js";
import type { Reference } from "../../formats/types.js";
import { scanFiles } from "../../scan/scan-files.js";
import { indexLines } from "../../yaml/index.js";
import type { LineIndex } from "../../yaml/index.js";
import type { SourceFile } from "../manifest.js";
import { imageMatches } from "../rules/images.js";
import type { FileDiff } from "./diff.js";

/** Images verified at most per review (each costs a few registry requests). */
export const MAX_SIGNATURE_TARGETS = 50;

/** An image on an added line whose `images[]` rule asks for a cosign signature. */
export interface SignatureTarget {
  repository: string;
  tag: string | null;
  digest: string | null;
  /** The `verify.cosign` key sources: PEM texts, or paths on the default branch. */
  keys: string[];
  keyless?: { identity: string; issuer: string };
  /** `verify.cosign.tlog`: key-based signatures need a transparency-log entry. */
  tlog?: boolean;
}

export const isPem = (text: string): boolean => text.includes("-----BEGIN");

/**
 * The images the review verifies: referenced on lines the PR adds, with a tag or a digest (an
 * untagged image is already an `image-latest` finding), matched by the first `images[]` rule,
 * that rule having `verify.cosign`. One target per repository, tag and digest. `files` may hold
 * unchanged context (an override's base) that resolves a changed file's references.
 */
export function signatureTargets(
  files: readonly SourceFile[],
  diff: ReadonlyMap<string, FileDiff>,
  config: Pick<Config, "images">,
): SignatureTarget[] {
  if (!config.images.some((i) => i.verify?.cosign)) return [];
  const { references } = scanFiles(files);
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const indexes = new Map<string, LineIndex>();
  // The reference's line, and those of its tag and digest when a map splits them.
  const linesOf = (r: Reference): number[] => {
    const text = texts.get(r.file) ?? "";
    let idx = indexes.get(r.file);
    if (!idx) indexes.set(r.file, (idx = indexLines(text)));
    const at = idx;
    return [r.line, ...[r.tagSlot, r.digestSlot].flatMap((s) => (s ? [at.lineOf(s.start)] : []))];
  };
  const out = new Map<string, SignatureTarget>();
  for (const r of references) {
    if (r.image === null || r.repository === null || (r.tag === null && r.digest === null))
      continue;
    const added = diff.get(r.file)?.added;
    if (!added || !linesOf(r).some((l) => added.has(l))) continue;
    const parsed = parseReference(r.image);
    if (!parsed.ok) continue;
    const cosign = config.images.find((i) => imageMatches(i.match, parsed.value))?.verify?.cosign;
    if (!cosign) continue;
    const key = `${r.repository}:${r.tag ?? ""}@${r.digest ?? ""}`;
    if (out.has(key) || out.size >= MAX_SIGNATURE_TARGETS) continue;
    out.set(key, {
      repository: r.repository,
      tag: r.tag,
      digest: r.digest,
      keys: [...(cosign.key ? [cosign.key] : []), ...(cosign.keys ?? [])],
      ...(cosign.keyless && { keyless: cosign.keyless }),
      ...(cosign.tlog && { tlog: true }),
    });
  }
  return [...out.values()];
}

/** Key paths (not inline PEM) the targets need, to read from the default branch. */
export const keyPaths = (targets: readonly SignatureTarget[]): string[] =>
  [...new Set(targets.flatMap((t) => t.keys.filter((k) => !isPem(k))))].sort();
