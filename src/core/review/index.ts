/** The findings engine: pure, data in and data out (design §4.3, §7). */
export { lint } from "./engine.js";
export type { LintOptions, LintResult } from "./engine.js";
export type { Draft, Finding, Fix, ResourceIdentity, Severity } from "./finding.js";
export { compareFindings } from "./finding.js";
export type { SuppressedFinding } from "./finalize.js";
export { fingerprint } from "./fingerprint.js";
export type { SourceFile } from "./manifest.js";
export { RULES, RULE_IDS } from "./catalog.js";
export type { RuleInfo } from "./catalog.js";
export { loadPolicies } from "./policy/load.js";
export type { PolicySet } from "./policy/load.js";
export { loadParams } from "./policy/run.js";
export type { CompiledPolicy, PolicyProblem, Violation } from "./policy/types.js";
export type { ReviewConfig, SignatureFact } from "./rules/context.js";
export { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from "./exceptions.js";
export { KUBERNETES_VERSION } from "./schema/validate.js";
