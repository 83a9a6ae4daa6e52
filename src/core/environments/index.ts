import picomatch from "picomatch";
import type { Config } from "../config/schema.js";

export type EnvironmentsConfig = Config["environments"];

/** Which environments a file belongs to: by configured globs, or inferred from the layout. */
export interface EnvironmentMap {
  /** Environment names of a path (config order = promotion order); empty when it belongs to none. */
  of(path: string): string[];
  /** Configured names in promotion order; empty when inferred. */
  names: string[];
  inferred: boolean;
}

/**
 * `environments:` of `.github/bumpwarden.yml` (design §5). Without it, environments are inferred
 * from common GitOps layouts: `clusters/<env>/`, `overlays/<env>/`, `envs/<env>/`,
 * `environments/<env>/`, `values-<env>.yaml`, `values.<env>.yaml` and `values/<env>.yaml`.
 */
export function environmentMap(config?: EnvironmentsConfig): EnvironmentMap {
  const entries = Object.entries(config ?? {});
  if (entries.length === 0) return { of: (path) => inferred(path), names: [], inferred: true };
  const matchers = entries.map(([name, value]) => {
    const globs = Array.isArray(value) ? value : value.paths;
    return { name, match: picomatch(globs, { dot: true }) };
  });
  return {
    of: (path) => matchers.filter((m) => m.match(path)).map((m) => m.name),
    names: entries.map(([name]) => name),
    inferred: false,
  };
}

const ENV_DIRS = new Set(["clusters", "overlays", "envs", "environments"]);

function inferred(path: string): string[] {
  const segments = path.split("/");
  for (let i = 0; i < segments.length - 2; i++)
    if (ENV_DIRS.has(segments[i] ?? "") && segments[i + 1]) return [segments[i + 1] as string];
  const file = segments[segments.length - 1] ?? "";
  const values = /^values[-.]([^/]+)\.ya?ml$/.exec(file);
  if (values?.[1]) return [values[1]];
  // A chart's `values/<env>.yaml`.
  const inDir = segments[segments.length - 2] === "values" && /^([^/]+)\.ya?ml$/.exec(file);
  return inDir && inDir[1] ? [inDir[1]] : [];
}
