export { selectTag, decideDigest } from "./select.js";
export type { DigestDecision } from "./select.js";
export { isArtifactTag } from "./non-release.js";
export { commitOfTag, ordersByCommit } from "./ci-scheme.js";
export { parseSemverTag } from "./semver-scheme.js";
export type {
  PolicyError,
  SelectInput,
  Selection,
  SkipReason,
  SkipSummary,
  TagPolicy,
} from "./types.js";
