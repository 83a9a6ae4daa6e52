import picomatch from "picomatch";

/** Policy files read at most from `review.policies`. */
export const MAX_POLICY_FILES = 200;

const isYaml = (p: string) => /\.ya?ml$|(^|\/)Kustomization$/i.test(p);

/**
 * The policy files of `review.policies` among a commit's paths: the YAML files the globs match,
 * sorted, at most MAX_POLICY_FILES (`matched` says how many there were).
 */
export function policyFilesIn(
  paths: readonly string[],
  globs: readonly string[],
): { files: string[]; matched: number } {
  if (globs.length === 0) return { files: [], matched: 0 };
  const match = picomatch([...globs], { dot: true });
  const matched = paths.filter((p) => match(p) && isYaml(p)).sort();
  return { files: matched.slice(0, MAX_POLICY_FILES), matched: matched.length };
}
