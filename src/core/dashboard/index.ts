export { DASHBOARD_LABEL, DASHBOARD_TITLE, RETRY_LABEL } from "./labels.js";
export { renderDashboard } from "./render.js";
export {
  addRule,
  describeRule,
  ignoreRuleSchema,
  isIgnored,
  removeRules,
  ruleProblem,
  versionLine,
  versionNumbers,
} from "./rules.js";
export type { IgnoreQuery, IgnoreRule } from "./rules.js";
export {
  addIgnore,
  checkboxKey,
  emptyState,
  formatState,
  newlyChecked,
  parseDashboard,
} from "./state.js";
export type { Checkbox, CheckboxAction, DashboardState, ParsedDashboard } from "./state.js";
export { declinedPulls, deployedTags, environmentsOf, imagesOf, isHeld } from "./view.js";
export type { BumpPullSummary, DashboardView, DeployedTags } from "./view.js";
export {
  applyReport,
  BLOCKED_STATES,
  blockedBumpSchema,
  isShown,
  MAX_BLOCKED,
  stillBlocked,
} from "./blocked.js";
export type { BlockedBump, BlockedState, BumpReport, EnvResult, ReportContext } from "./blocked.js";
