import { get, stringValue } from "../yaml/index.js";
import type { YNode } from "../yaml/index.js";
import type { ParsedManifest } from "./manifest.js";
import type { ImageUse } from "./rules/images.js";

export const isKustomizationPath = (path: string): boolean =>
  /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(path);

/** The directory of a "/"-separated repository path ("" at the root). */
export const dirOf = (path: string): string =>
  path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";

/** `rel` resolved against `dir`, as a kustomization names files: "." and ".." folded away. */
export function joinPath(dir: string, rel: string): string {
  const parts = dir ? dir.split("/") : [];
  for (const p of rel.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

/** The kustomization keys that list patches. */
export const PATCH_KEYS = ["patches", "patchesStrategicMerge", "patchesJson6902"] as const;

/**
 * The paths a kustomization lists under `keys`, in order: plain strings or the `path` of an entry.
 * Inline patches (text with a line break) are not paths and are left out.
 */
export function listedPaths(root: YNode, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const list = get(root, key);
    if (list?.kind !== "seq") continue;
    for (const item of list.items) {
      const p = stringValue(item.kind === "scalar" ? item : get(item, "path"));
      if (p && !p.includes("\n")) out.push(p);
    }
  }
  return out;
}

export interface KustomizeFacts {
  /** Image names whose tag a kustomization sets (their base manifests are judged through it). */
  overrides: Set<string>;
  /** Files that a kustomization applies as patches: partial objects, not whole ones. */
  patches: Set<string>;
  uses: ImageUse[];
}

/** Reads kustomizations: `images:` entries (as image uses) and patch files. */
export function kustomizeFacts(manifests: readonly ParsedManifest[]): KustomizeFacts {
  const facts: KustomizeFacts = { overrides: new Set(), patches: new Set(), uses: [] };
  for (const m of manifests) {
    if (!isKustomizationPath(m.file.path)) continue;
    const root = m.yaml.docs[0]?.root;
    if (root?.kind !== "map") continue;
    const dir = dirOf(m.file.path);
    for (const p of listedPaths(root, PATCH_KEYS)) facts.patches.add(joinPath(dir, p));
    const images = get(root, "images");
    if (images?.kind !== "seq") continue;
    for (const entry of images.items) {
      const name = stringValue(get(entry, "name"));
      if (!name) continue;
      const newName = stringValue(get(entry, "newName"));
      const tagNode = get(entry, "newTag");
      const tag = tagNode?.kind === "scalar" ? tagNode.value : undefined;
      const digestNode = get(entry, "digest");
      const digest = stringValue(digestNode);
      if (tag === undefined && digest === undefined) continue;
      facts.overrides.add(name);
      const anchor = (tagNode ?? digestNode ?? get(entry, "name")) as YNode;
      const start = anchor.kind === "scalar" ? anchor.valueStart : anchor.start;
      const end = anchor.kind === "scalar" ? anchor.valueEnd : anchor.end;
      facts.uses.push({
        file: m.file.path,
        image: `${newName ?? name}${tag !== undefined ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`,
        start,
        end,
        text: m.file.text,
        lines: m.yaml.lines,
        source: "kustomize",
      });
    }
  }
  return facts;
}
