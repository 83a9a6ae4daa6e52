import type { GatesConfig, ImageRule } from "../core/config/schema.js";
import { environmentMap } from "../core/environments/index.js";
import { attestationKeyRefs, gateEnvironments, gatesFor } from "../core/gates/config.js";
import { attestationFacts } from "../core/gates/envelope.js";
import type { AttestationTrust } from "../core/gates/envelope.js";
import { evaluateGates, provenanceProblem } from "../core/gates/evaluate.js";
import { harborReport } from "../core/gates/harbor-scan.js";
import { repositoryUrl } from "../core/gates/source-uri.js";
import { emptyFacts } from "../core/gates/types.js";
import type { GateFacts, GateResult, Provenance } from "../core/gates/types.js";
import { imageRuleFor } from "../core/plan/image-rule.js";
import { parsePublicKey } from "../core/signatures/keys.js";
import type { PublicKey } from "../core/signatures/keys.js";
import type { KeylessPolicy } from "../core/signatures/keyless.js";
import type { TlogPolicy } from "../core/signatures/tlog.js";
import type { Registry } from "../ports/registry.js";
import type { ScanStore } from "../ports/scan-store.js";
import { fetchAttestationEvidence } from "./attestation-evidence.js";
import type { GateEvaluator } from "./image-evidence.js";
import { keylessPolicy, tlogPolicy } from "./keyless-policy.js";

export interface GateEvidenceRequest {
  /** Normalized repository with its host: `ghcr.io/acme/api`. */
  repository: string;
  digest: string;
  /** The tag proposed (pre-release gate); `null` for a digest-only update. */
  tag: string | null;
  rule: Pick<ImageRule, "gates" | "verify">;
  environments: readonly string[];
  /** Reads a key the config names by path (a file of the GitOps repository); `null` when absent. */
  readKey: (path: string) => Promise<string | null>;
  /**
   * Keyless attestations (Sigstore bundles with a certificate) are trusted for this identity.
   * Without it, the rule's `verify.cosign.keyless` identity with `trustedRoot`, when both are there.
   */
  keyless?: KeylessPolicy;
  /** Key-signed attestations need a verified transparency-log entry (the CLI's `--require-tlog`). */
  tlog?: TlogPolicy;
  /**
   * Sigstore `trusted_root.json` (parsed): the app's, for the rule's keyless identity and its
   * `verify.cosign.tlog`.
   */
  trustedRoot?: unknown;
  /** Registry scans (Harbor), read when no attestation carries a vulnerability report. */
  scans?: ScanStore;
}

export interface GateEvidence {
  /** Per environment, in the shape `ImageEvidence.gates` has; environments without gates are absent. */
  gates: Record<string, GateResult[]>;
  /** The verified provenance (the first that passes the gates, else the first found). */
  provenance: Provenance | null;
  /** Where the image was built from, per its verified provenance: for the PR body. */
  source?: { url: string; revision?: string };
  /** Where attestations were looked for, and what was found but not trusted. */
  attestations: { looked: string[]; rejected: string[] };
}

/**
 * Gathers and verifies what the image's attestations say (and the registry's scan), then judges
 * every environment. Never throws: a registry failure or an unreadable key makes the attestation
 * gates fail closed with the reason.
 */
export async function gateEvidence(
  registry: Registry,
  request: GateEvidenceRequest,
): Promise<GateEvidence> {
  const gates = request.rule.gates;
  const none: GateEvidence = {
    gates: {},
    provenance: null,
    attestations: { looked: [], rejected: [] },
  };
  if (!gates) return none;
  let facts: GateFacts = emptyFacts();
  let looked: string[] = [];
  const trust = await readTrust(request);
  if (typeof trust === "string") facts.unavailable = trust;
  else {
    const found = await fetchAttestationEvidence(registry, request.repository, request.digest);
    if (!found.ok) facts.unavailable = `attestations could not be read: ${found.error.message}`;
    else {
      looked = found.value.looked;
      facts = attestationFacts(request.digest, found.value.layers, trust);
      if (found.value.layers.length === 0)
        facts.rejected.push(`none found at ${looked.join(" or ")}`);
    }
  }
  if (request.scans && facts.vulnerabilities.length === 0) {
    const scan = await request.scans.get(request.digest);
    if (scan) {
      const read = harborReport(scan.reports);
      if (read.ok) facts.registryScan = read.report;
      else facts.registryScanProblem = read.problem;
    }
  }
  const evaluated = evaluateGates(gates, request.environments, facts, { tag: request.tag });
  const provenance = chooseProvenance(facts, gates, request.environments);
  const out: GateEvidence = {
    gates: evaluated,
    provenance,
    attestations: { looked, rejected: facts.rejected },
  };
  if (provenance?.source)
    out.source = {
      url: repositoryUrl(provenance.source.repository),
      ...(provenance.source.revision && { revision: provenance.source.revision }),
    };
  return out;
}

async function readTrust(request: GateEvidenceRequest): Promise<AttestationTrust | string> {
  const refs = attestationKeyRefs(request.rule);
  const keys = await readKeys(refs.keys, request.readKey);
  if (typeof keys === "string") return keys;
  const provenanceKeys = refs.provenance
    ? await readKeys(refs.provenance, request.readKey)
    : undefined;
  if (typeof provenanceKeys === "string") return provenanceKeys;
  const keyless =
    request.keyless ?? keylessPolicy(request.rule.verify?.cosign?.keyless, request.trustedRoot);
  const tlog = request.tlog ?? tlogPolicy(request.rule.verify?.cosign?.tlog, request.trustedRoot);
  if (typeof tlog === "string") return tlog;
  if (keys.length === 0 && !provenanceKeys && !keyless)
    return request.rule.verify?.cosign?.keyless
      ? "no key is configured to verify attestations, and keyless needs a Sigstore trusted root (BUMPWARDEN_SIGSTORE_TRUSTED_ROOT)"
      : "no key is configured to verify attestations (gates.keys or verify.cosign.key)";
  return {
    keys,
    ...(provenanceKeys && { provenanceKeys }),
    ...(keyless && { keyless }),
    ...(tlog && { tlog }),
  };
}

async function readKeys(
  refs: readonly string[],
  read: (path: string) => Promise<string | null>,
): Promise<PublicKey[] | string> {
  const out: PublicKey[] = [];
  for (const ref of refs) {
    const inline = ref.includes("-----BEGIN");
    const pem = inline ? ref : await read(ref);
    const name = inline ? "an inline key" : ref;
    if (pem === null) return `attestation key ${name} is not in the repository`;
    const key = parsePublicKey(pem);
    if (!key.ok) return `attestation key ${name}: ${key.error}`;
    out.push(key.value);
  }
  return out;
}

/** The provenance the PR body shows: the first that satisfies some environment's gate, else the first. */
function chooseProvenance(
  facts: GateFacts,
  gates: GatesConfig,
  environments: readonly string[],
): Provenance | null {
  for (const p of facts.provenance)
    for (const env of environments) {
      const g = gatesFor(gates, env)?.provenance;
      if (g && provenanceProblem(p, g) === null) return p;
    }
  return facts.provenance[0] ?? null;
}

/**
 * The gate step of the bump slice (`GateEvaluator` in `image-evidence.ts`): the image's rule from
 * the config, its environments, keys read from the GitOps repository. Pass `environments` when the
 * caller knows them (environments inferred from the layout are not in the config); without them,
 * the configured environments and the gates' overrides are judged.
 */
export function createGateEvaluator(deps: {
  registry: Registry;
  scans?: ScanStore;
  /** Sigstore `trusted_root.json` (parsed) for rules with `verify.cosign.keyless`. */
  trustedRoot?: unknown;
}): GateEvaluator {
  return async (request) => {
    const rule = imageRuleFor(request.config, request.repository);
    if (!rule?.gates) return undefined;
    const environments = request.environments ?? [
      ...new Set([
        ...environmentMap(request.config.environments).names,
        ...gateEnvironments(rule.gates),
      ]),
    ];
    const evidence = await gateEvidence(deps.registry, {
      repository: request.repository,
      digest: request.digest,
      tag: request.tag,
      rule,
      environments,
      readKey: request.readFile,
      ...(deps.trustedRoot !== undefined && { trustedRoot: deps.trustedRoot }),
      ...(deps.scans && { scans: deps.scans }),
    });
    return { gates: evidence.gates, ...(evidence.source && { source: evidence.source }) };
  };
}
