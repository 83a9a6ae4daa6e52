/** Label of the one dashboard issue per repository (found by label and state block). */
export const DASHBOARD_LABEL = "bumpwarden:dashboard";
export const DASHBOARD_TITLE = "bumpwarden dashboard";

/**
 * Label on a bump PR that was closed without merging, set by `/unignore` or the dashboard's
 * "retry" checkbox: the planner no longer counts that PR as declining its version.
 */
export const RETRY_LABEL = "bumpwarden:retry";
