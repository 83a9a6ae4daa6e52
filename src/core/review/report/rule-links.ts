/** Where docs/rules.md is published; comments link each finding to its rule's section there. */
export const RULES_DOC_URL = "https://github.com/bumpwarden/bumpwarden/blob/main/docs/rules.md";

/**
 * GitHub's heading anchors of docs/rules.md (the heading text slugged as GitHub does it:
 * lower case, punctuation dropped, spaces to `-`). A test checks them against the file.
 */
const ANCHORS: Readonly<Record<string, string>> = {
  "yaml-syntax": "yaml-syntax-error",
  "yaml-tabs": "yaml-tabs-error",
  "yaml-duplicate-key": "yaml-duplicate-key-error",
  "schema-unknown-field": "schema-unknown-field-error",
  "schema-type": "schema-type-error",
  "schema-required": "schema-required-error",
  "schema-api-version": "schema-api-version-error",
  "image-invalid": "image-invalid-error",
  "image-registry": "image-registry-error-only-with-reviewallowedregistries",
  "image-latest": "image-latest-error",
  "image-digest": "image-digest-error-only-with-reviewrequiredigest-env",
  "image-environment": "image-environment-error-only-with-imagesallowin",
  "image-pull-policy": "image-pull-policy-warning",
  "image-signature": "image-signature-error-when-signature-verification-is-configured",
  "gate-provenance": "gate-provenance-error-where-the-gate-blocks-warning-where-it-warns",
  "gate-vulnerabilities": "gate-vulnerabilities-error-where-the-gate-blocks-warning-where-it-warns",
  "gate-licenses": "gate-licenses-error-where-the-gate-blocks-warning-where-it-warns",
  "gate-prerelease": "gate-prerelease-error-where-the-gate-blocks-warning-where-it-warns",
  "gate-unresolved": "gate-unresolved-error-a-warning-where-the-gates-only-warn",
  resources: "resources-warning",
  "resources-limit-below-request": "resources-limit-below-request-error",
  probes: "probes-warning",
  "run-as-non-root": "run-as-non-root-warning-error-for-runasuser-0",
  "read-only-root-fs": "read-only-root-fs-warning",
  privileged: "privileged-error",
  "host-network": "host-network-error",
  "host-path": "host-path-warning",
  "dockerfile-base-pinned": "dockerfile-base-pinned-error",
  "dockerfile-base-digest": "dockerfile-base-digest-notice",
  "dockerfile-multi-stage": "dockerfile-multi-stage-warning",
  "dockerfile-user": "dockerfile-user-warning",
  "dockerfile-exec-form": "dockerfile-exec-form-warning",
  "dockerfile-no-curl": "dockerfile-no-curl-warning",
  "dockerfile-minimal-base": "dockerfile-minimal-base-notice",
  "dockerfile-apt": "dockerfile-apt-warning",
  "dockerfile-copy-over-add": "dockerfile-copy-over-add-warning",
  "admission-policy": "admission-policy-error-for-denyprotect-warning-for-warnauditmonitor",
  "policy-invalid": "policy-invalid-error",
  "exception-reason": "exception-reason-warning",
};

/** The anchor GitHub gives a Markdown heading (github-slugger's rule, without de-duplication). */
export function githubSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The link to a rule's documentation; the page itself for a rule it does not know. */
export function ruleDocUrl(rule: string, base: string = RULES_DOC_URL): string {
  const anchor = Object.hasOwn(ANCHORS, rule) ? ANCHORS[rule] : undefined;
  return anchor === undefined ? base : `${base}#${anchor}`;
}

export const documentedRules = (): string[] => Object.keys(ANCHORS);
