export { COMMIT_CHECK_NAME, checkMessage, checkPullRequest } from "./check.js";
export type { CheckedMessage, CommitCheckReport, FixHint } from "./check.js";
export { cleanupMessage } from "./git-message.js";
export {
  GITHUB_DEFAULT_MERGE_SETTINGS,
  appendToHeader,
  mergeSettingsFromRepository,
  planLandings,
} from "./landing.js";
export type {
  Landing,
  LandingPlan,
  MergeSettings,
  PullRequestCommit,
  PullRequestMessages,
  Source,
  Way,
} from "./landing.js";
export { lintMessage } from "./lint.js";
export type { MessageVerdict, RuleProblem, Severity } from "./lint.js";
export { ownTitle, ownTitleMaxLength, ownTitleProblems } from "./own-titles.js";
export {
  DEFAULT_OWN_STYLE,
  allowedScopes,
  allowedTypes,
  commitPolicy,
  headerMaxLength,
  normalizeRule,
} from "./policy.js";
export type { CommitPolicy, OwnTitleStyle, RuleEntry } from "./policy.js";
export { commitRuleNames, commitRulesSchema } from "./rule-schema.js";
export { suggestHeader } from "./suggest.js";
export { renderCommitCheck } from "./summary.js";
export type { CheckOutput } from "./summary.js";
