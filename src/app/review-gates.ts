import type { Config } from "../core/config/schema.js";
import { changedImages, unresolvedFindings } from "../core/gates/changed-images.js";
import type { GateTarget } from "../core/gates/changed-images.js";
import { gateDrafts, gateFindings } from "../core/gates/findings.js";
import { finalize } from "../core/review/finalize.js";
import type { SuppressedFinding } from "../core/review/finalize.js";
import type { Finding } from "../core/review/finding.js";
import type { Registry } from "../ports/registry.js";
import type { ScanStore } from "../ports/scan-store.js";
import { gateEvidence } from "./gate-evidence.js";

export interface GateReviewDeps {
  /** The registry, made on first use: a review whose images have no gates never needs one. */
  registry: () => Promise<Registry>;
  /** Registry scans (Harbor), for images without a vulnerability attestation. */
  scans?: ScanStore;
  /** Sigstore `trusted_root.json` (parsed) for rules with `verify.cosign.keyless`. */
  trustedRoot?: unknown;
}

/**
 * The supply-chain gates of images on the PR's added lines, judged through the registry as a bump
 * would judge them (same attestations, keys from the default branch), as review findings on those
 * lines. A tag the registry does not know is one finding per place, never an exception. Findings
 * then go through the review's own severities, `monitor` mode and exceptions (`review.rules`,
 * `review.exceptions`), like every other rule.
 */
export async function reviewGates(
  targets: readonly GateTarget[],
  keyTexts: Readonly<Record<string, string | null>>,
  config: Config,
  texts: ReadonlyMap<string, string>,
  deps: GateReviewDeps,
): Promise<{ findings: Finding[]; suppressed: SuppressedFinding[] }> {
  if (targets.length === 0) return { findings: [], suppressed: [] };
  const registry = await deps.registry();
  const raw: Finding[] = [];
  for (const t of targets) {
    let digest = t.digest;
    if (digest === null) {
      const reference = t.tag ?? "latest";
      const resolved = await registry.getDigest(t.repository, reference);
      if (!resolved.ok) {
        raw.push(
          ...unresolvedFindings(
            t,
            `the registry does not know ${t.repository}:${reference} (${resolved.error.message})`,
          ),
        );
        continue;
      }
      digest = resolved.value;
    }
    const evidence = await gateEvidence(registry, {
      repository: t.repository,
      digest,
      tag: t.tag,
      rule: t.rule,
      environments: t.environments,
      readKey: async (path) => keyTexts[path] ?? null,
      ...(deps.scans && { scans: deps.scans }),
      ...(deps.trustedRoot !== undefined && { trustedRoot: deps.trustedRoot }),
    });
    raw.push(...gateFindings(changedImages(t, evidence.gates)));
  }
  return finalize(gateDrafts(raw), config, texts);
}
