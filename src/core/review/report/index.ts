/** Reporting findings on a pull request: diff mapping, inline comments, reconciliation, check run. Pure. */
export { diffMap, parsePatch } from "./diff.js";
export type { FileDiff, PullFile, PullFileStatus } from "./diff.js";
export { placeFinding } from "./place.js";
export type { CommentPlace } from "./place.js";
export { oneLine, renderComment, ruleLabel } from "./comment-body.js";
export { formatFindingMarker, parseFindingMarker } from "./marker.js";
export { RULES_DOC_URL, githubSlug, ruleDocUrl } from "./rule-links.js";
export { matchThreads } from "./match.js";
export type { BotThread } from "./match.js";
export { planReview } from "./plan.js";
export type { InlineComment, ReviewPlan, ReviewPlanInput } from "./plan.js";
export { conclusionOf, countText } from "./conclusion.js";
export type { CheckConclusion, ReviewMode } from "./conclusion.js";
export {
  ANNOTATIONS_PER_REQUEST,
  CHECK_NAME,
  MAX_ANNOTATIONS,
  renderCheckRun,
  toAnnotation,
} from "./check-run.js";
export type { Annotation, CheckRunInput, CheckRunOutput } from "./check-run.js";
export { summarizeForBumpBody } from "./bump-summary.js";
export type { BumpReviewSummary } from "./bump-summary.js";
export {
  MAX_CONTEXT_FILES,
  MAX_KUSTOMIZATIONS,
  contextPaths,
  kustomizationCandidates,
  kustomizationRefs,
} from "./kustomize-context.js";
export { MAX_SIGNATURE_TARGETS, isPem, keyPaths, signatureTargets } from "./signature-targets.js";
export type { SignatureTarget } from "./signature-targets.js";
