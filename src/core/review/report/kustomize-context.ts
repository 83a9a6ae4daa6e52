import { parseYaml } from "../../yaml/index.js";
import type { SourceFile } from "../manifest.js";
import { PATCH_KEYS, dirOf, isKustomizationPath, joinPath, listedPaths } from "../kustomize.js";

/** Kustomizations read at most to find what the changed files need. */
export const MAX_KUSTOMIZATIONS = 200;
/** Files read at most besides the changed ones. */
export const MAX_CONTEXT_FILES = 300;

function sharedDepth(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/**
 * The kustomization files of the head tree worth reading for a review of `changed` paths, nearest
 * directories first, at most `max`. Empty when no changed file is YAML (a Dockerfile needs none).
 */
export function kustomizationCandidates(
  tree: readonly string[],
  changed: readonly string[],
  max = MAX_KUSTOMIZATIONS,
): string[] {
  if (!changed.some((p) => /\.ya?ml$/i.test(p) || isKustomizationPath(p))) return [];
  const dirs = [...new Set(changed.map(dirOf))];
  const nearness = (k: string) => Math.max(...dirs.map((d) => sharedDepth(dirOf(k), d)));
  return tree
    .filter((p) => isKustomizationPath(p) && !changed.includes(p))
    .map((p) => ({ p, n: nearness(p) }))
    .sort((a, b) => b.n - a.n || (a.p < b.p ? -1 : 1))
    .slice(0, max)
    .map((x) => x.p);
}

/** Paths a kustomization names: resources, bases, components, patches (files or directories). */
export function kustomizationRefs(file: SourceFile): string[] {
  const parsed = parseYaml(file.text);
  const root = parsed.ok ? parsed.value.docs[0]?.root : undefined;
  if (root?.kind !== "map") return [];
  const dir = dirOf(file.path);
  // Remote bases (`github.com/...?ref=`) are not files of this repository.
  return listedPaths(root, ["resources", "bases", "components", ...PATCH_KEYS])
    .filter((ref) => !/^[a-z]+:\/\/|^github\.com\/|\?ref=/.test(ref))
    .map((ref) => joinPath(dir, ref));
}

/**
 * What a review of `changed` files needs besides them: the kustomizations that build them
 * (through any chain of bases and overlays, so an overlay's `images:` is known when a base
 * changes), the bases a changed kustomization names, and the plain files those kustomizations
 * list (Namespaces for policy selectors). `kustomizations` are the ones read (changed ones too).
 */
export function contextPaths(
  changed: readonly string[],
  kustomizations: readonly SourceFile[],
  tree: ReadonlySet<string>,
  max = MAX_CONTEXT_FILES,
): string[] {
  const refs = new Map(kustomizations.map((k) => [k.path, kustomizationRefs(k)]));
  const byDir = new Map(kustomizations.map((k) => [dirOf(k.path), k.path]));
  const changedSet = new Set(changed);
  const relevantDirs = new Set(changed.map(dirOf));
  const relevant = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const k of kustomizations) {
      if (relevant.has(k.path)) continue;
      const hit =
        relevantDirs.has(dirOf(k.path)) ||
        (refs.get(k.path) ?? []).some((r) => changedSet.has(r) || relevantDirs.has(r));
      if (!hit) continue;
      relevant.add(k.path);
      relevantDirs.add(dirOf(k.path));
      grew = true;
    }
  }
  // Plain files are read for the kustomizations that build the change, not for their bases.
  const files = new Set<string>();
  for (const k of relevant)
    for (const r of refs.get(k) ?? [])
      if (tree.has(r) && /\.ya?ml$/i.test(r) && !changedSet.has(r) && !relevant.has(r))
        files.add(r);
  for (const k of changed)
    for (const r of refs.get(k) ?? []) {
      const base = byDir.get(r);
      if (base !== undefined) relevant.add(base);
    }
  const out = [...relevant].filter((k) => !changedSet.has(k)).sort();
  return [...out, ...[...files].filter((f) => !relevant.has(f)).sort()].slice(0, max);
}
