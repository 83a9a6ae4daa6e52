import { defaultConfig } from "../config/load.js";
import type { Draft, Finding } from "./finding.js";
import { lintDockerfile, isDockerfilePath } from "./dockerfile/index.js";
import { environmentMap } from "../environments/index.js";
import { annotationProblems } from "./exceptions.js";
import { finalize } from "./finalize.js";
import type { SuppressedFinding } from "./finalize.js";
import { kustomizeFacts } from "./kustomize.js";
import { valuesAndComposeUses } from "./references.js";
import type { K8sObject, ParsedManifest, SourceFile } from "./manifest.js";
import { parseManifest } from "./manifest.js";
import { loadPolicies } from "./policy/load.js";
import type { PolicySet } from "./policy/load.js";
import { admissionInput, loadParams, namespaceIndex, policyDrafts } from "./policy/run.js";
import type { ParamObject } from "./policy/evaluate.js";
import type { PolicyProblem } from "./policy/types.js";
import type { ReviewConfig, RuleContext, SignatureFact } from "./rules/context.js";
import { checkImage } from "./rules/images.js";
import { checkPodSpec } from "./rules/pods.js";
import { validateSchema } from "./schema/validate.js";
import { podSpecOf } from "./workloads.js";
import { duplicateKeyFindings, syntaxFinding } from "./yaml-checks.js";

export interface LintOptions {
  config?: ReviewConfig;
  /** Policy files to load, or a set loaded once with `loadPolicies` (reused across runs). */
  policies?: readonly SourceFile[] | PolicySet;
  /** `--params` files for policies with a paramKind. */
  params?: readonly SourceFile[] | readonly ParamObject[];
  /** Overrides the environments of a file (default: config globs, else inferred from the path). */
  environmentsOf?: (file: string) => readonly string[];
  signatures?: readonly SignatureFact[];
  /** Known digests by `repository:tag` (fixes for `image-digest`). */
  digests?: ReadonlyMap<string, string>;
  /** Run only the admission policies (the conformance harness and `--policies-only`). */
  policiesOnly?: boolean;
}

export interface LintResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Policies or params that could not be used (each also appears as a `policy-invalid` finding). */
  problems: PolicyProblem[];
}

const isYamlPath = (path: string): boolean =>
  /\.ya?ml$/i.test(path) || /(^|\/)Kustomization$/.test(path);
/** Helm chart templates are Go templates, not YAML: they are not linted as manifests. */
const isHelmTemplate = (file: SourceFile): boolean =>
  /(^|\/)templates\//.test(file.path) && file.text.includes("{{");

/** Lints files: YAML, schema, built-in rules, Dockerfile rules and admission policies. Pure. */
export function lint(files: readonly SourceFile[], options: LintOptions = {}): LintResult {
  const config = options.config ?? defaultConfig();
  const set = !options.policies
    ? { policies: [], problems: [] }
    : "problems" in options.policies
      ? options.policies
      : loadPolicies(options.policies);
  const loadedParams = isParamObjects(options.params)
    ? { params: options.params, problems: [] }
    : loadParams(options.params ?? []);
  const problems = [...set.problems, ...loadedParams.problems];
  const drafts: Draft[] = problems.map((p) => ({
    file: p.file,
    line: p.line,
    column: p.column,
    rule: "policy-invalid",
    severity: "error",
    message: p.message,
    key: p.message,
  }));
  const manifests: ParsedManifest[] = [];
  const policiesOnly = options.policiesOnly ?? false;

  for (const file of files) {
    if (!isYamlPath(file.path) || isHelmTemplate(file)) continue;
    const parsed = parseManifest(file);
    if (!parsed.ok) {
      if (!policiesOnly && !file.text.includes("{{"))
        drafts.push(syntaxFinding(file.path, parsed.error));
      continue;
    }
    manifests.push(parsed.value);
    if (!policiesOnly)
      drafts.push(
        ...duplicateKeyFindings(file.path, parsed.value.yaml.docs, parsed.value.yaml.lines),
      );
  }

  const kustomize = kustomizeFacts(manifests);
  const ctx: RuleContext = {
    config,
    environmentsOf: options.environmentsOf ?? environmentMap(config.environments).of,
    signatures: options.signatures ?? [],
    digests: options.digests ?? new Map(),
    kustomizeOverrides: kustomize.overrides,
  };
  const objects: K8sObject[] = manifests.flatMap((m) => m.objects);

  if (!policiesOnly) {
    for (const file of files)
      if (isDockerfilePath(file.path)) drafts.push(...lintDockerfile(file.path, file.text, ctx));
    for (const use of [...kustomize.uses, ...valuesAndComposeUses(files)])
      drafts.push(...checkImage(use, ctx));
    for (const object of objects) {
      drafts.push(
        ...validateSchema(object, { partial: kustomize.patches.has(object.file) }),
        ...annotationProblems(object),
      );
      const pod = podSpecOf(object);
      if (pod) drafts.push(...checkPodSpec(pod, ctx));
    }
  }

  if (set.policies.length) {
    const namespaces = namespaceIndex(objects);
    for (const object of objects)
      drafts.push(
        ...policyDrafts(
          object,
          set.policies,
          admissionInput(object, namespaces, loadedParams.params),
        ),
      );
  }

  const texts = new Map(files.map((f) => [f.path, f.text]));
  return { ...finalize(drafts, config, texts), problems };
}

function isParamObjects(params: LintOptions["params"]): params is readonly ParamObject[] {
  return (
    Array.isArray(params) &&
    params.length > 0 &&
    "kind" in (params[0] as object) &&
    !("text" in (params[0] as object))
  );
}
