import {
  parseBundle,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
  verifyBundleWithKeys,
} from "../signatures/bundle.js";
import { dsseEnvelopeSchema, verifyDsse } from "../signatures/dsse.js";
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, statementCovers } from "../signatures/in-toto.js";
import type { InTotoStatement } from "../signatures/in-toto.js";
import type { PublicKey } from "../signatures/keys.js";
import { COSIGN_CERTIFICATE_ANNOTATION, classicLayerBundle } from "../signatures/classic-bundle.js";
import { verifyCertifiedBundle, verifyKeyless } from "../signatures/keyless.js";
import type { KeylessPolicy } from "../signatures/keyless.js";
import { verifyKeyedTlog } from "../signatures/tlog.js";
import type { TlogPolicy } from "../signatures/tlog.js";
import type { SignatureEvidence } from "../signatures/verdict.js";
import { decodeBase64 } from "../signatures/verify-bytes.js";
import { readStatement } from "./attestation.js";
import { emptyFacts } from "./types.js";
import type { GateFacts } from "./types.js";

/** cosign's attestation layer (`sha256-<hex>.att` tag, and OCI 1.1 referrers of that type). */
export const DSSE_ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";

/** Who may sign attestations. `provenanceKeys`, when set, are the only ones trusted for provenance. */
export interface AttestationTrust {
  keys: readonly PublicKey[];
  provenanceKeys?: readonly PublicKey[];
  keyless?: KeylessPolicy;
  /** Key-signed attestations count only with a verified transparency-log entry. */
  tlog?: TlogPolicy;
}

type Opened =
  | { ok: true; statement: InTotoStatement; signer: string; keyIds: string[] }
  | { ok: false; problem: string; silent?: boolean };

/**
 * Verifies every attestation layer found for `digest` and reads the trusted ones into facts.
 * Nothing in a layer is read before its signature verifies with a configured key (or the keyless
 * identity) and its statement names `digest` as a subject.
 */
export function attestationFacts(
  digest: string,
  layers: readonly SignatureEvidence[],
  trust: AttestationTrust,
): GateFacts {
  const facts = emptyFacts();
  const general = new Set(trust.keys.map((k) => k.keyId));
  const forProvenance = trust.provenanceKeys
    ? new Set(trust.provenanceKeys.map((k) => k.keyId))
    : null;
  const allKeys = [...trust.keys, ...(trust.provenanceKeys ?? [])];
  for (const layer of layers) {
    const where = layer.layout === "tag" ? ".att tag" : "OCI referrer";
    const opened = openLayer(digest, layer, allKeys, trust);
    if (!opened.ok) {
      if (!opened.silent) note(facts, `${where}: ${opened.problem}`);
      continue;
    }
    const content = readStatement(opened.statement);
    const byGeneral = opened.keyIds.length === 0 || opened.keyIds.some((id) => general.has(id));
    if (content.kind === "provenance") {
      const trusted = forProvenance ? opened.keyIds.some((id) => forProvenance.has(id)) : byGeneral;
      if (trusted) facts.provenance.push(content.provenance);
      else
        note(facts, `${where}: provenance signed by ${opened.signer}, not by gates.provenance.key`);
      continue;
    }
    if (!byGeneral) {
      note(
        facts,
        `${where}: ${content.kind} attestation signed by the provenance-only key; ignored`,
      );
      continue;
    }
    if (content.kind === "vulnerabilities") facts.vulnerabilities.push(content.report);
    else if (content.kind === "sbom") facts.sboms.push(content.sbom);
    else note(facts, `${where}: ${content.note}`);
  }
  return facts;
}

function note(facts: GateFacts, line: string): void {
  if (!facts.rejected.includes(line)) facts.rejected.push(line);
}

function openLayer(
  digest: string,
  layer: SignatureEvidence,
  keys: readonly PublicKey[],
  trust: AttestationTrust,
): Opened {
  const { keyless, tlog } = trust;
  if (layer.mediaType === DSSE_ENVELOPE_MEDIA_TYPE)
    return layer.annotations[COSIGN_CERTIFICATE_ANNOTATION] !== undefined && keyless
      ? openClassicKeyless(digest, layer, keyless)
      : openEnvelope(digest, layer, keys, tlog);
  if (SIGSTORE_BUNDLE_MEDIA_TYPE.test(layer.mediaType))
    return openBundle(digest, layer.content, keys, trust);
  return {
    ok: false,
    problem: `a layer of type ${layer.mediaType} is neither a DSSE envelope nor a Sigstore bundle`,
  };
}

function openEnvelope(
  digest: string,
  layer: SignatureEvidence,
  keys: readonly PublicKey[],
  tlog: TlogPolicy | undefined,
): Opened {
  const content = layer.content;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(content).toString("utf8"));
  } catch {
    return { ok: false, problem: "an attestation is not JSON" };
  }
  const envelope = dsseEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, problem: "an attestation is not a DSSE envelope" };
  if (envelope.data.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return {
      ok: false,
      problem: `DSSE payload type ${envelope.data.payloadType} is not an in-toto statement`,
    };
  if (keys.length === 0)
    return { ok: false, problem: "no key is configured to verify attestations" };
  const verified = verifyDsse(envelope.data, keys);
  if (!verified.ok)
    return {
      ok: false,
      problem:
        "an attestation's signature does not verify with any configured key (altered, or signed by another key)",
    };
  if (tlog) {
    const bundle = classicLayerBundle(
      { kind: "dsse", envelope: content },
      layer.annotations,
      undefined,
      "key",
    );
    if (!bundle.ok) return { ok: false, problem: bundle.error };
    const logged = verifyKeyedTlog(bundle.value, verified.value.key, undefined, tlog);
    if (!logged.ok) return { ok: false, problem: logged.error };
  }
  return covering(digest, verified.value.payload, verified.value.key.keyId, [
    verified.value.key.keyId,
  ]);
}

/** cosign 2's keyless `.att` layer: certificate and Rekor (intoto) entry in annotations. */
function openClassicKeyless(
  digest: string,
  layer: SignatureEvidence,
  keyless: KeylessPolicy,
): Opened {
  const bundle = classicLayerBundle(
    { kind: "dsse", envelope: layer.content },
    layer.annotations,
    undefined,
  );
  if (!bundle.ok) return { ok: false, problem: bundle.error };
  const verified = verifyCertifiedBundle(bundle.value, undefined, keyless);
  if (!verified.ok) return { ok: false, problem: verified.error };
  if (verified.value.content.$case !== "dsseEnvelope")
    return { ok: false, problem: "an attestation is not a DSSE envelope" };
  const envelope = verified.value.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return {
      ok: false,
      problem: `DSSE payload type ${envelope.payloadType} is not an in-toto statement`,
    };
  return covering(digest, envelope.payload, `${keyless.identity} (${keyless.issuer})`, []);
}

function openBundle(
  digest: string,
  content: Uint8Array,
  keys: readonly PublicKey[],
  { keyless, tlog }: AttestationTrust,
): Opened {
  const bundle = parseBundle(content);
  if (!bundle.ok) return { ok: false, problem: bundle.error };
  const envelope = bundle.value.dsseEnvelope;
  // A message-signature bundle is an image signature (the signature check reads it), not an attestation.
  if (!envelope) return { ok: false, problem: "a signature bundle", silent: true };
  const payload = decodeBase64(envelope.payload);
  if (!payload) return { ok: false, problem: "the bundle's DSSE payload is not base64" };
  const material = bundle.value.verificationMaterial;
  if ("certificate" in material || "x509CertificateChain" in material) {
    if (!keyless)
      return {
        ok: false,
        problem: "a keyless attestation was found but no keyless identity is configured",
      };
    const r = verifyKeyless(JSON.parse(Buffer.from(content).toString("utf8")), { digest }, keyless);
    if (!r.ok) return { ok: false, problem: r.error };
    return covering(digest, payload, r.value, []);
  }
  if (keys.length === 0)
    return { ok: false, problem: "no key is configured to verify attestations" };
  const r = verifyBundleWithKeys(bundle.value, { digest }, keys);
  if (!r.ok) return { ok: false, problem: r.error };
  if (tlog) {
    const json: unknown = JSON.parse(Buffer.from(content).toString("utf8"));
    const logged = verifyKeyedTlog(json, r.value, undefined, tlog);
    if (!logged.ok) return { ok: false, problem: logged.error };
  }
  return covering(digest, payload, r.value.keyId, [r.value.keyId]);
}

function covering(digest: string, payload: Uint8Array, signer: string, keyIds: string[]): Opened {
  const statement = parseStatement(payload);
  if (!statement.ok) return { ok: false, problem: statement.error };
  if (!statementCovers(statement.value, digest))
    return {
      ok: false,
      problem: `a signed ${statement.value.predicateType} statement is about another image, not ${digest}`,
    };
  return { ok: true, statement: statement.value, signer, keyIds };
}

/** cosign's classic tag for the attestations of `digest`: `sha256-<hex>.att`. */
export function attestationTag(digest: string): string {
  return `${digest.replace(":", "-")}.att`;
}

/** Referrer artifact types that may hold attestations: DSSE envelopes and Sigstore bundles. */
export function isAttestationArtifact(artifactType: string): boolean {
  return artifactType === DSSE_ENVELOPE_MEDIA_TYPE || SIGSTORE_BUNDLE_MEDIA_TYPE.test(artifactType);
}
