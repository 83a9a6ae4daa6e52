import picomatch from "picomatch";
import { get } from "../yaml/index.js";
import type { Draft } from "./finding.js";
import type { K8sObject } from "./manifest.js";
import { keyPosition } from "./manifest.js";
import type { ReviewConfig } from "./rules/context.js";

/** Annotation listing rule ids or policy names to skip for this object; the reason is required. */
export const IGNORE_ANNOTATION = "bumpwarden.io/ignore";
export const IGNORE_REASON_ANNOTATION = "bumpwarden.io/ignore-reason";

export type ConfigException = ReviewConfig["review"]["exceptions"][number];

const globs = new Map<string, (s: string) => boolean>();
function like(pattern: string, value: string): boolean {
  let m = globs.get(pattern);
  if (!m) globs.set(pattern, (m = picomatch(pattern, { dot: true })));
  return m(value);
}

/** The reason a finding is excepted by configuration, if one of the exceptions covers it. */
export function configException(
  d: Draft,
  exceptions: readonly ConfigException[],
): string | undefined {
  for (const e of exceptions) {
    const selectors = [e.rule, e.policy, e.name, e.namespace, e.labels].filter(
      (x) => x !== undefined,
    );
    if (!selectors.length) continue;
    if (e.rule !== undefined && !like(e.rule, d.rule)) continue;
    if (e.policy !== undefined && (d.policy === undefined || !like(e.policy, d.policy))) continue;
    const r = d.resource;
    if ((e.name !== undefined || e.namespace !== undefined || e.labels !== undefined) && !r)
      continue;
    if (e.name !== undefined && !like(e.name, r?.name ?? "")) continue;
    if (e.namespace !== undefined && !like(e.namespace, r?.namespace || "default")) continue;
    if (e.labels && !Object.entries(e.labels).every(([k, v]) => r?.labels[k] === v)) continue;
    return e.reason;
  }
  return undefined;
}

/** The reason an object's own ignore annotation gives for skipping this finding, if it does. */
export function annotationException(d: Draft): string | undefined {
  const a = d.resource?.annotations;
  const list = a?.[IGNORE_ANNOTATION];
  const reason = a?.[IGNORE_REASON_ANNOTATION]?.trim();
  if (!list || !reason) return undefined;
  const names = list.split(/[\s,]+/).filter(Boolean);
  return names.includes(d.rule) ||
    (d.policy !== undefined && names.includes(d.policy)) ||
    names.includes("*")
    ? reason
    : undefined;
}

/** `exception-reason`: an ignore annotation without a reason does not apply, and says so. */
export function annotationProblems(object: K8sObject): Draft[] {
  if (
    !object.annotations[IGNORE_ANNOTATION] ||
    object.annotations[IGNORE_REASON_ANNOTATION]?.trim()
  )
    return [];
  const annotations = get(get(object.root, "metadata"), "annotations");
  const at =
    annotations?.kind === "map"
      ? keyPosition(annotations, IGNORE_ANNOTATION, object.lines)
      : undefined;
  return [
    {
      file: object.file,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      rule: "exception-reason",
      severity: "warning",
      message: `${IGNORE_ANNOTATION} needs a ${IGNORE_REASON_ANNOTATION} annotation saying why; it is not applied without one`,
    },
  ];
}
