import { scanFiles } from "../scan/scan-files.js";
import type { LineIndex } from "../yaml/index.js";
import { indexLines } from "../yaml/index.js";
import type { SourceFile } from "./manifest.js";
import type { ImageUse } from "./rules/images.js";

/**
 * Image references in Helm values (values files, HelmRelease `spec.values`) and compose files, as
 * the scanner finds them: the image rules judge them too. Containers and kustomizations are read
 * by the engine itself, which needs their YAML nodes for fixes.
 */
export function valuesAndComposeUses(files: readonly SourceFile[]): ImageUse[] {
  const { references } = scanFiles(files, { mentions: ["image", "repository"] });
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const lines = new Map<string, LineIndex>();
  const out: ImageUse[] = [];
  for (const r of references) {
    if ((r.kind !== "helm-values" && r.kind !== "compose") || r.image === null) continue;
    const text = texts.get(r.file);
    if (text === undefined) continue;
    let idx = lines.get(r.file);
    if (!idx) lines.set(r.file, (idx = indexLines(text)));
    const start = idx.startOf(r.line) + r.column - 1;
    out.push({
      file: r.file,
      image: r.image,
      start,
      end: start,
      text,
      lines: idx,
      source: r.kind,
      ...(r.path !== undefined && { scope: r.path }),
    });
  }
  return out;
}
