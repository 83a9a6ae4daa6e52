/**
 * Which values file an environment's override values file builds on (docs/formats.md): the chart's
 * `values.yaml` (or `values.yml`) next to `values-<env>.yaml` / `values.<env>.yaml`, or next to the
 * `values/` directory holding `<env>.yaml`. Nothing else: no search up the tree, no guess across
 * directories.
 */

const BASE_NAMES = ["values.yaml", "values.yml"] as const;
const OVERRIDE_NAME = /^values[-.][^/]+\.ya?ml$/;
const IN_VALUES_DIR = /^[^/]+\.ya?ml$/;

const split = (path: string): { dir: string; base: string } => {
  const slash = path.lastIndexOf("/");
  return { dir: path.slice(0, slash + 1), base: path.slice(slash + 1) };
};

/** A chart's own values file, which other values files override (`values.yaml`, `values.yml`). */
export function isBaseValues(path: string): boolean {
  return (BASE_NAMES as readonly string[]).includes(split(path).base);
}

/**
 * The paths the base of an override values file may have, the more likely first; empty for a file
 * that is no override (a base itself, or any other name).
 */
export function baseValuesPaths(path: string): string[] {
  const { dir, base } = split(path);
  if (isBaseValues(path)) return [];
  if (OVERRIDE_NAME.test(base)) return BASE_NAMES.map((name) => `${dir}${name}`);
  if (IN_VALUES_DIR.test(base) && (dir === "values/" || dir.endsWith("/values/"))) {
    const parent = dir.slice(0, -"values/".length);
    return BASE_NAMES.map((name) => `${parent}${name}`);
  }
  return [];
}

/**
 * Override files of a base that exist among `paths`: the files whose base paths name it first among
 * the existing ones (with both `values.yaml` and `values.yml`, overrides build on `values.yaml`).
 */
export function overridesOf(base: string, paths: Iterable<string>): string[] {
  const all = new Set(paths);
  const out: string[] = [];
  for (const path of all) if (baseOf(path, all) === base) out.push(path);
  return out.sort();
}

/** The base of an override file among the files that exist, if any. */
export function baseOf(path: string, exists: ReadonlySet<string>): string | undefined {
  return baseValuesPaths(path).find((p) => exists.has(p));
}

/**
 * The bases to read with some changed files and not among them: one per changed override whose
 * base exists in `tree` (the head's paths). Without it an override that sets only a tag names no
 * image (and a `values/<env>.yaml` is not even read as values).
 */
export function missingBases(changed: readonly string[], tree: ReadonlySet<string>): string[] {
  const mine = new Set(changed);
  const out = new Set<string>();
  for (const path of changed) {
    const base = baseOf(path, tree);
    if (base !== undefined && !mine.has(base)) out.add(base);
  }
  return [...out].sort();
}
