import type { Severity } from "./finding.js";

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** What the rule checks, in one line (the docs say why and how to fix). */
  summary: string;
}

/** Every rule the engine can report, with its default severity. docs/rules.md documents each one. */
export const RULES: readonly RuleInfo[] = [
  { id: "yaml-syntax", severity: "error", summary: "the file is valid YAML" },
  { id: "yaml-tabs", severity: "error", summary: "indentation uses spaces, not tabs" },
  { id: "yaml-duplicate-key", severity: "error", summary: "no mapping repeats a key" },
  {
    id: "schema-unknown-field",
    severity: "error",
    summary: "every field exists in the Kubernetes schema",
  },
  {
    id: "schema-type",
    severity: "error",
    summary: "every field has the type the Kubernetes schema gives it",
  },
  { id: "schema-required", severity: "error", summary: "required fields are present" },
  {
    id: "schema-api-version",
    severity: "error",
    summary: "the apiVersion of a built-in kind is served",
  },
  { id: "image-invalid", severity: "error", summary: "image references parse" },
  { id: "image-registry", severity: "error", summary: "images come from an allowed registry" },
  {
    id: "image-latest",
    severity: "error",
    summary: "images name a tag other than latest (or a digest)",
  },
  {
    id: "image-digest",
    severity: "error",
    summary: "images are pinned by digest where the environment requires it",
  },
  {
    id: "image-environment",
    severity: "error",
    summary: "images appear only in the environments they are allowed in",
  },
  {
    id: "image-pull-policy",
    severity: "warning",
    summary: "mutable tags are not combined with IfNotPresent/Never",
  },
  {
    id: "image-signature",
    severity: "error",
    summary: "images carry a valid cosign signature where verification is configured",
  },
  {
    id: "gate-provenance",
    severity: "error",
    summary: "images on changed lines have trusted SLSA provenance where `gates` ask for it",
  },
  {
    id: "gate-vulnerabilities",
    severity: "error",
    summary: "images on changed lines stay within the environment's vulnerability limits",
  },
  {
    id: "gate-licenses",
    severity: "error",
    summary: "images on changed lines carry only licenses the environment allows",
  },
  {
    id: "gate-prerelease",
    severity: "error",
    summary: "pre-release tags stay out of environments whose gates block them",
  },
  {
    id: "gate-unresolved",
    severity: "error",
    summary: "gated images on changed lines name a tag the registry knows",
  },
  {
    id: "resources",
    severity: "warning",
    summary: "containers set CPU and memory requests and limits",
  },
  {
    id: "resources-limit-below-request",
    severity: "error",
    summary: "limits are not below requests",
  },
  {
    id: "probes",
    severity: "warning",
    summary: "long-running containers have liveness and readiness probes",
  },
  { id: "run-as-non-root", severity: "warning", summary: "containers run as a non-root user" },
  {
    id: "read-only-root-fs",
    severity: "warning",
    summary: "containers have a read-only root filesystem",
  },
  { id: "privileged", severity: "error", summary: "containers are not privileged" },
  { id: "host-network", severity: "error", summary: "pods do not use the host network" },
  { id: "host-path", severity: "warning", summary: "pods do not mount hostPath volumes" },
  {
    id: "dockerfile-base-pinned",
    severity: "error",
    summary: "FROM names a tag other than latest",
  },
  {
    id: "dockerfile-base-digest",
    severity: "notice",
    summary: "FROM pins the base image by digest",
  },
  {
    id: "dockerfile-multi-stage",
    severity: "warning",
    summary: "compiled code is built in a separate stage",
  },
  {
    id: "dockerfile-user",
    severity: "warning",
    summary: "the final stage runs as a non-root USER",
  },
  {
    id: "dockerfile-exec-form",
    severity: "warning",
    summary: "CMD and ENTRYPOINT use the exec (JSON) form",
  },
  {
    id: "dockerfile-no-curl",
    severity: "warning",
    summary: "curl and wget are not left in the final image",
  },
  {
    id: "dockerfile-minimal-base",
    severity: "notice",
    summary: "the final stage uses a minimal or distroless base",
  },
  {
    id: "dockerfile-apt",
    severity: "warning",
    summary: "apt-get installs without recommends and cleans its lists",
  },
  {
    id: "dockerfile-copy-over-add",
    severity: "warning",
    summary: "local files are added with COPY, not ADD",
  },
  {
    id: "admission-policy",
    severity: "error",
    summary: "objects pass the admission policies given (VAP, Kyverno, Kubewarden)",
  },
  { id: "policy-invalid", severity: "error", summary: "policy files parse and their CEL compiles" },
  { id: "exception-reason", severity: "warning", summary: "ignore annotations give a reason" },
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));
