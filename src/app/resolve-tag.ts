import type { Result } from "../core/result.js";
import { err, ok } from "../core/result.js";
import { decideDigest, selectTag } from "../core/versions/select.js";
import type { SkipSummary, TagPolicy } from "../core/versions/types.js";
import type { Registry } from "../ports/registry.js";
import type { ImageVerdict, VerificationConfig } from "./verify-signature.js";
import { verifyImage } from "./verify-signature.js";

export interface ResolveRequest {
  /** Normalized repository with its host: `ghcr.io/acme/api`. */
  repository: string;
  policy: TagPolicy;
  current: string | null;
  /** The digest pinned now, for `digest` policies. */
  currentDigest?: string | null;
  /** Commits oldest → newest, for `ci` policies (from the workflow run or the repository). */
  commitOrder?: readonly string[];
  /** When set, only a verified image is ever selected. */
  verify?: VerificationConfig | null;
  /** Newest candidates tried before giving up when signatures fail (default 3). */
  maxVerifyAttempts?: number;
  /** Read the selected image's OCI labels (source, revision, created) for the PR body (default true). */
  labels?: boolean;
}

export interface ResolveResult {
  repository: string;
  tag: string | null;
  digest: string | null;
  previous: string | null;
  /** `null` when nothing was selected. */
  signature: { verified: boolean; keyId?: string; reason?: string; layout?: string } | null;
  /** True when `tag`/`digest` differ from what is deployed: a bump is due. */
  changed: boolean;
  why: string;
  skipped: SkipSummary[];
  /** Newer candidates refused because their signature did not verify, with the reason. */
  rejected: { tag: string; digest: string; reason: string }[];
  image?: { source?: string; revision?: string; created?: string; version?: string };
}

export interface ResolveError {
  code: "policy" | "registry";
  message: string;
}

/** Which tag `policy` selects in the registry now, proven by its digest and, when asked, its signature. */
export async function resolveTag(
  registry: Registry,
  req: ResolveRequest,
): Promise<Result<ResolveResult, ResolveError>> {
  const listed = await registry.listTags(req.repository);
  if (!listed.ok) return err({ code: "registry", message: listed.error.message });
  const selection = selectTag({
    tags: listed.value,
    policy: req.policy,
    current: req.current,
    ...(req.commitOrder ? { commitOrder: req.commitOrder } : {}),
  });
  if (!selection.ok) return err({ code: "policy", message: selection.error.message });
  const s = selection.value;
  const base = {
    repository: req.repository,
    previous: req.current,
    skipped: s.skipped,
    rejected: [] as ResolveResult["rejected"],
  };
  if (s.candidates.length === 0)
    return ok({ ...base, tag: null, digest: null, signature: null, changed: false, why: s.why });

  const digestPolicy = "digest" in req.policy;
  const attempts = digestPolicy ? 1 : Math.max(1, req.maxVerifyAttempts ?? 3);
  const whys = [s.why];
  for (const tag of s.candidates.slice(0, attempts)) {
    const digest = await registry.getDigest(req.repository, tag);
    if (!digest.ok) return err({ code: "registry", message: digest.error.message });
    let changed = true;
    if (digestPolicy) {
      const d = decideDigest(tag, req.currentDigest ?? null, digest.value);
      whys.push(d.why);
      changed = d.changed;
      if (!changed)
        return ok({
          ...base,
          tag,
          digest: digest.value,
          signature: null,
          changed,
          why: whys.join(" "),
        });
    }
    const verdict = req.verify
      ? await verifyImage(registry, req.repository, digest.value, req.verify)
      : null;
    if (verdict && !verdict.verified) {
      base.rejected.push({ tag, digest: digest.value, reason: verdict.reason ?? "not verified" });
      whys.push(
        `${tag} (${digest.value}) is not proposed: ${verdict.reason ?? "its signature did not verify"}.`,
      );
      continue;
    }
    if (verdict)
      whys.push(
        `${tag} is proposed: its signature verified with ${verdict.keyId ?? "?"} (${verdict.layout === "referrers" ? "OCI referrer" : "cosign .sig tag"}).`,
      );
    const result: ResolveResult = {
      ...base,
      tag,
      digest: digest.value,
      signature: signatureOf(verdict),
      changed,
      why: whys.join(" "),
    };
    if (req.labels !== false) {
      const config = await registry.getImageConfig(req.repository, digest.value);
      if (config.ok) result.image = pickLabels(config.value);
    }
    return ok(result);
  }
  const tried = base.rejected.length;
  const rest = s.candidates.length - tried;
  whys.push(
    `No verified image: ${tried} newest candidate${tried === 1 ? "" : "s"} refused${rest > 0 ? `, ${rest} older not tried` : ""}.`,
  );
  return ok({
    ...base,
    tag: null,
    digest: null,
    signature: null,
    changed: false,
    why: whys.join(" "),
  });
}

function signatureOf(verdict: ImageVerdict | null): NonNullable<ResolveResult["signature"]> {
  if (!verdict)
    return { verified: false, reason: "signature verification is not configured for this image" };
  const out: NonNullable<ResolveResult["signature"]> = { verified: verdict.verified };
  if (verdict.keyId !== undefined) out.keyId = verdict.keyId;
  if (verdict.layout !== undefined) out.layout = verdict.layout;
  if (verdict.reason !== undefined) out.reason = verdict.reason;
  return out;
}

function pickLabels(c: {
  source?: string;
  revision?: string;
  created?: string;
  version?: string;
}): NonNullable<ResolveResult["image"]> {
  const out: NonNullable<ResolveResult["image"]> = {};
  if (c.source !== undefined) out.source = c.source;
  if (c.revision !== undefined) out.revision = c.revision;
  if (c.created !== undefined) out.created = c.created;
  if (c.version !== undefined) out.version = c.version;
  return out;
}
