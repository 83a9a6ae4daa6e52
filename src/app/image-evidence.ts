import type { Config } from "../core/config/schema.js";
import { parseSourceUri, repositoryUrl } from "../core/gates/source-uri.js";
import { imageRuleFor } from "../core/plan/image-rule.js";
import type { ImageEvidence } from "../core/plan/types.js";
import { ordersByCommit } from "../core/versions/ci-scheme.js";
import type { Registry } from "../ports/registry.js";
import type { SourceHistory } from "../ports/source-history.js";
import type { ImageLabels } from "./commit-order.js";
import { relateCommits } from "./commit-order.js";
import { NO_TRUSTED_ROOT, keylessPolicy, tlogPolicy } from "./keyless-policy.js";
import { verifyImage } from "./verify-signature.js";

export interface EvidenceRequest {
  repository: string;
  tag: string;
  digest: string | null;
  config: Config;
  /** Tags deployed now, for the source compare link (at most a few are looked up). */
  currentTags: string[];
  /** Tags open bump PRs propose (a `ci` policy orders the pushed tag against them too). */
  proposedTags?: string[];
  /** Commit the image was built from, when the event said (a workflow run's head SHA). */
  revision?: string;
  /** Repository whose workflow built the image, when the event said (`github.com/acme/api`). */
  sourceRepository?: string;
  /** Environments the image is deployed to in this repository (each gets its gate verdicts). */
  environments: string[];
  /** Reads a file of the GitOps repository's default branch (cosign keys given as paths). */
  readFile(path: string): Promise<string | null>;
  /** The source repository's history as the installation sees it (`ci` policies order by commit). */
  history?: SourceHistory;
}

export type GateEvaluator = (request: {
  repository: string;
  tag: string;
  digest: string;
  config: Config;
  readFile(path: string): Promise<string | null>;
  /** Without it, the configured environments are judged (inferred ones would go unjudged). */
  environments?: readonly string[];
}) => Promise<GateVerdicts | undefined>;

/** The gates' verdicts per environment, and where the verified provenance says the image is from. */
export interface GateVerdicts {
  gates: NonNullable<ImageEvidence["gates"]>;
  source?: { url: string; revision?: string };
}

/** What evidence gathering needs beyond the registry; both are the process's, not the request's. */
export interface EvidenceDeps {
  /** Judges the supply-chain gates of rules that have `gates`. */
  gates?: GateEvaluator;
  /** Sigstore `trusted_root.json` (parsed) for `verify.cosign.keyless` and keyless attestations. */
  trustedRoot?: unknown;
}

/**
 * What the registry says about a pushed image: its digest, where its source is (OCI labels), and,
 * when the image's rule asks for it, whether its cosign signature verifies and how the
 * supply-chain gates judge it. Registry failures become reasons, never exceptions: an image that
 * cannot be verified is not proposed, and the PR body says why.
 */
export async function gatherEvidence(
  registry: Registry,
  request: EvidenceRequest,
  deps: EvidenceDeps = {},
): Promise<ImageEvidence & { digest: string | null }> {
  const { gates } = deps;
  const rule = imageRuleFor(request.config, request.repository);
  let digest = request.digest;
  if (digest === null) {
    const found = await registry.getDigest(request.repository, request.tag);
    digest = found.ok ? found.value : null;
  }
  const evidence: ImageEvidence & { digest: string | null } = { digest };
  const pushed: ImageLabels = request.revision ? { revision: request.revision } : {};
  if (digest !== null) {
    const config = await registry.getImageConfig(request.repository, digest);
    if (config.ok) {
      const revision = request.revision ?? config.value.revision;
      const source = config.value.source ?? eventSource(request.sourceRepository);
      if (source) evidence.source = { url: source, ...(revision && { revision }) };
      if (revision) pushed.revision = revision;
      if (config.value.created) pushed.created = config.value.created;
    }
    if (evidence.source)
      evidence.revisions = await revisionsOf(
        registry,
        request.repository,
        request.currentTags.slice(0, 3),
      );
  }
  const policy = rule?.policy;
  if (policy && "ci" in policy && ordersByCommit(policy.ci))
    evidence.commits = await relateCommits(
      {
        template: policy.ci,
        pushed: { tag: request.tag, ...pushed },
        inUse: [...request.currentTags, ...(request.proposedTags ?? [])],
        ...(evidence.revisions && { revisions: evidence.revisions }),
        source: evidence.source?.url ?? eventSource(request.sourceRepository) ?? null,
        labelsOf: (tag) => labelsOf(registry, request.repository, tag),
      },
      request.history,
    );
  const cosign = rule?.verify?.cosign;
  if (cosign) {
    if (digest === null)
      evidence.signature = {
        verified: false,
        reason: `the registry did not give a digest for ${request.tag}`,
      };
    else {
      const keyless = keylessPolicy(cosign.keyless, deps.trustedRoot);
      const tlog = tlogPolicy(cosign.tlog, deps.trustedRoot);
      const keys = await readKeys(
        [...(cosign.key ? [cosign.key] : []), ...(cosign.keys ?? [])],
        request.readFile,
      );
      const verdict = !keys.ok
        ? { verified: false, reason: keys.error }
        : typeof tlog === "string"
          ? { verified: false, reason: tlog }
          : keys.value.length === 0 && !keyless
            ? {
                verified: false,
                reason: cosign.keyless ? NO_TRUSTED_ROOT : "verify.cosign names no key",
              }
            : await verifyImage(registry, request.repository, digest, {
                keys: keys.value,
                ...(keyless && { keyless }),
                ...(tlog && { tlog }),
              });
      evidence.signature = {
        verified: verdict.verified,
        ...("keyId" in verdict && verdict.keyId && { keyId: verdict.keyId }),
        ...(verdict.reason && { reason: verdict.reason }),
      };
    }
  }
  if (gates && digest !== null) {
    const judged = await gates({
      repository: request.repository,
      tag: request.tag,
      digest,
      config: request.config,
      readFile: request.readFile,
      environments: request.environments,
    });
    if (judged) {
      evidence.gates = judged.gates;
      // Unsigned labels said nothing: the signed provenance names the source (and its commit).
      if (!evidence.source && judged.source) evidence.source = judged.source;
    }
  }
  return evidence;
}

/** The workflow run's repository as a browsable URL (`github.com/acme/api` → `https://…`). */
function eventSource(repository: string | undefined): string | undefined {
  const parsed = repository ? parseSourceUri(repository) : null;
  return parsed ? repositoryUrl(parsed.repository) : undefined;
}

async function labelsOf(registry: Registry, repository: string, tag: string): Promise<ImageLabels> {
  const digest = await registry.getDigest(repository, tag);
  if (!digest.ok) return {};
  const config = await registry.getImageConfig(repository, digest.value);
  if (!config.ok) return {};
  return {
    ...(config.value.revision && { revision: config.value.revision }),
    ...(config.value.created && { created: config.value.created }),
  };
}

async function revisionsOf(
  registry: Registry,
  repository: string,
  tags: string[],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const digest = await registry.getDigest(repository, tag);
    if (!digest.ok) continue;
    const config = await registry.getImageConfig(repository, digest.value);
    if (config.ok && config.value.revision) out[tag] = config.value.revision;
  }
  return out;
}

/** Keys are PEM text or paths in the GitOps repository. */
async function readKeys(
  entries: string[],
  readFile: (path: string) => Promise<string | null>,
): Promise<{ ok: true; value: string[] } | { ok: false; error: string }> {
  const keys: string[] = [];
  for (const entry of entries) {
    if (entry.includes("-----BEGIN")) {
      keys.push(entry);
      continue;
    }
    const text = await readFile(entry);
    if (text === null)
      return { ok: false, error: `cosign key ${entry} is not in the repository's default branch` };
    keys.push(text);
  }
  return { ok: true, value: keys };
}
