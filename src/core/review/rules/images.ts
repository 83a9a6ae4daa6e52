import picomatch from "picomatch";
import { formatReference, parseReference } from "../../image-ref.js";
import type { ImageReference } from "../../image-ref.js";
import type { LineIndex } from "../../yaml/index.js";
import type { Draft, ResourceIdentity } from "../finding.js";
import type { RuleContext } from "./context.js";
import { replaceRange } from "./fix.js";

/** One image reference found in a file, with what the rules need to point at it and fix it. */
export interface ImageUse {
  file: string;
  image: string;
  /** Offsets of the image text in `text` (for positions and fixes). */
  start: number;
  end: number;
  text: string;
  lines: LineIndex;
  source: "container" | "kustomize" | "helm-values" | "compose";
  /** `imagePullPolicy` of the container, with the offsets of its value. */
  pullPolicy?: { value: string; start: number; end: number };
  resource?: ResourceIdentity;
  /** The container it belongs to, for fingerprints. */
  scope?: string;
}

const TEMPLATED = /\{\{|\$\{|\$\(/;

/** Image rules: registry allow-list, mutable tags, digest pinning, environments, pull policy, signatures. */
export function checkImage(use: ImageUse, ctx: RuleContext): Draft[] {
  if (TEMPLATED.test(use.image)) return [];
  const at = {
    file: use.file,
    line: use.lines.lineOf(use.start),
    column: use.lines.columnOf(use.start),
  };
  const base = {
    ...at,
    ...(use.resource && { resource: use.resource }),
    ...(use.scope !== undefined && { scope: use.scope }),
  };
  const parsed = parseReference(use.image);
  if (!parsed.ok)
    return [
      {
        ...base,
        rule: "image-invalid",
        severity: "error",
        message: `"${use.image}" is not a valid image reference: ${parsed.error.message}`,
      },
    ];
  const ref = parsed.value;
  // A kustomization sets this image's tag: its `images:` entry is judged instead.
  if (use.source === "container" && ctx.kustomizeOverrides.has(ref.name)) return [];
  const out: Draft[] = [];
  const envs = ctx.environmentsOf(use.file);
  const review = ctx.config.review;

  if (
    review.allowedRegistries.length &&
    !review.allowedRegistries.some((r) => registryAllows(r, ref))
  )
    out.push({
      ...base,
      rule: "image-registry",
      severity: "error",
      message: `${ref.repository} is not from an allowed registry (${review.allowedRegistries.join(", ")})`,
    });

  // A Helm chart fills a missing tag with its appVersion; elsewhere no tag means "latest".
  const mutable =
    ref.digest === null &&
    (ref.tag === "latest" || (ref.tag === null && use.source !== "helm-values"));
  if (mutable)
    out.push({
      ...base,
      rule: "image-latest",
      severity: "error",
      message:
        ref.tag === null
          ? `${use.image} has no tag, so it runs whatever "latest" is at pull time; pin a version`
          : `${use.image} uses "latest", which changes under you; pin a version`,
    });

  const strict = envs.find((e) => review.requireDigest.includes(e));
  if (strict !== undefined && ref.digest === null && !mutable) {
    const digest =
      ref.tag !== null && use.source === "container"
        ? ctx.digests.get(`${ref.repository}:${ref.tag}`)
        : undefined;
    const pinned = digest ? formatReference({ name: ref.name, tag: ref.tag, digest }) : undefined;
    out.push({
      ...base,
      rule: "image-digest",
      severity: "error",
      message: `${strict} requires images pinned by digest; ${use.image} has none`,
      ...(pinned && { fix: replaceRange(use.text, use.lines, use.start, use.end, pinned) }),
    });
  }

  const rule = ctx.config.images.find((i) => imageMatches(i.match, ref));
  const forbidden = rule?.allowIn ? envs.find((e) => !rule.allowIn?.includes(e)) : undefined;
  if (rule?.allowIn && forbidden !== undefined)
    out.push({
      ...base,
      rule: "image-environment",
      severity: "error",
      message: `${ref.repository} is only allowed in ${rule.allowIn.join(", ")}, not in ${forbidden}`,
    });

  const policy = use.pullPolicy;
  if (policy && mutable && (policy.value === "IfNotPresent" || policy.value === "Never"))
    out.push({
      ...base,
      line: use.lines.lineOf(policy.start),
      column: use.lines.columnOf(policy.start),
      rule: "image-pull-policy",
      severity: "warning",
      message: `imagePullPolicy ${policy.value} with a mutable tag keeps whatever image a node pulled first; pin a version or use Always`,
      fix: replaceRange(use.text, use.lines, policy.start, policy.end, "Always"),
    });

  for (const fact of ctx.signatures) {
    if (fact.repository !== ref.repository) continue;
    if (!(ref.digest ? fact.digest === ref.digest : fact.tag !== null && fact.tag === ref.tag))
      continue;
    if (fact.verdict.verified) continue;
    out.push({
      ...base,
      rule: "image-signature",
      severity: "error",
      message: `${use.image} has no valid cosign signature${fact.verdict.reason ? `: ${fact.verdict.reason}` : ""}`,
    });
  }
  return out;
}

const globCache = new Map<string, (s: string) => boolean>();
function glob(pattern: string): (s: string) => boolean {
  let m = globCache.get(pattern);
  if (!m) globCache.set(pattern, (m = picomatch(pattern, { dot: true })));
  return m;
}

/** `ghcr.io`, `ghcr.io/acme`, `*.azurecr.io` or `docker.io/library/*` allow a repository. */
export function registryAllows(entry: string, ref: ImageReference): boolean {
  const e = entry.replace(/\/+$/, "");
  const repo = ref.repository;
  if (/[*?[]/.test(e)) {
    if (glob(e)(repo)) return true;
    const depth = e.split("/").length;
    return glob(e)(repo.split("/").slice(0, depth).join("/"));
  }
  const normalized = e === "docker.io" || e === "index.docker.io" ? "docker.io" : e;
  return repo === normalized || repo.startsWith(`${normalized}/`);
}

/** An `images[].match` glob against the normalized repository or the name as written. */
export function imageMatches(pattern: string, ref: ImageReference): boolean {
  return glob(pattern)(ref.repository) || glob(pattern)(ref.name);
}
