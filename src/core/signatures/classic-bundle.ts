import { createHash } from "node:crypto";
import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { dsseEnvelopeSchema } from "./dsse.js";

/** Where cosign's classic layout (`.sig`/`.att` tags) keeps a keyless signer's certificate. */
export const COSIGN_CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";
/** The Rekor entry cosign recorded for a classic layer: `{SignedEntryTimestamp, Payload}`. */
export const COSIGN_REKOR_BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle";

const rekorBundleSchema = z.object({
  SignedEntryTimestamp: z.string().min(1),
  Payload: z.object({
    body: z.string().min(1),
    integratedTime: z.number().int().positive(),
    logIndex: z.number().int().nonnegative(),
    logID: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

const bodyKindSchema = z.object({ kind: z.string(), apiVersion: z.string() });

/**
 * The signed bytes of a classic layer: a simple-signing payload (`.sig`, signed directly, logged
 * as `hashedrekord`) or a DSSE envelope (`.att`, logged as `intoto`).
 */
export type ClassicContent =
  { kind: "message"; payload: Uint8Array } | { kind: "dsse"; envelope: Uint8Array };

/**
 * Restates a classic layer as the Sigstore bundle (v0.1 JSON) it is equivalent to, so the same
 * verifier checks it: the signer (the leaf certificate from the certificate annotation, or a
 * configured key), the Rekor entry (canonical body, signed entry timestamp) from the bundle
 * annotation, and the signature. cosign does the same conversion when it verifies this layout.
 * Nothing is trusted here.
 */
export function classicLayerBundle(
  content: ClassicContent,
  annotations: Readonly<Record<string, string>>,
  signature: string | undefined,
  signer: "certificate" | "key" = "certificate",
): Result<Record<string, unknown>, string> {
  const certificate =
    signer === "certificate" ? firstPemDer(annotations[COSIGN_CERTIFICATE_ANNOTATION] ?? "") : null;
  if (signer === "certificate" && !certificate)
    return err(`the ${COSIGN_CERTIFICATE_ANNOTATION} annotation holds no PEM certificate`);
  // The certificate lives minutes: only the log's timestamp shows it was valid when used.
  const rekor = annotations[COSIGN_REKOR_BUNDLE_ANNOTATION];
  if (rekor === undefined)
    return err(
      `the ${signer === "key" ? "signature" : "keyless signature"} has no transparency-log entry (${COSIGN_REKOR_BUNDLE_ANNOTATION} annotation)`,
    );
  const entry = rekorEntry(rekor);
  if (!entry.ok) return entry;
  const material = {
    ...(certificate
      ? { x509CertificateChain: { certificates: [{ rawBytes: certificate.toString("base64") }] } }
      : { publicKey: { hint: "" } }),
    tlogEntries: [entry.value],
    timestampVerificationData: { rfc3161Timestamps: [] },
  };
  const base = {
    mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1",
    verificationMaterial: material,
  };
  if (content.kind === "dsse") {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(content.envelope).toString("utf8"));
    } catch {
      return err("the attestation is not JSON");
    }
    const envelope = dsseEnvelopeSchema.safeParse(json);
    if (!envelope.success) return err("the attestation is not a DSSE envelope");
    return ok({ ...base, dsseEnvelope: envelope.data });
  }
  if (signature === undefined) return err("the signature layer has no signature annotation");
  return ok({
    ...base,
    messageSignature: {
      messageDigest: {
        algorithm: "SHA2_256",
        digest: createHash("sha256").update(content.payload).digest("base64"),
      },
      signature,
    },
  });
}

function rekorEntry(text: string): Result<Record<string, unknown>, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err(`the ${COSIGN_REKOR_BUNDLE_ANNOTATION} annotation is not JSON`);
  }
  const parsed = rekorBundleSchema.safeParse(json);
  if (!parsed.success)
    return err(`the ${COSIGN_REKOR_BUNDLE_ANNOTATION} annotation is not a Rekor bundle`);
  const { Payload: p, SignedEntryTimestamp: set } = parsed.data;
  let kind: z.infer<typeof bodyKindSchema>;
  try {
    kind = bodyKindSchema.parse(JSON.parse(Buffer.from(p.body, "base64").toString("utf8")));
  } catch {
    return err("the Rekor entry's body is not a Rekor entry");
  }
  return ok({
    logIndex: String(p.logIndex),
    logId: { keyId: Buffer.from(p.logID, "hex").toString("base64") },
    kindVersion: { kind: kind.kind, version: kind.apiVersion },
    integratedTime: String(p.integratedTime),
    inclusionPromise: { signedEntryTimestamp: set },
    canonicalizedBody: p.body,
  });
}

function firstPemDer(pem: string): Buffer | null {
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  return m?.[1] ? Buffer.from(m[1].replace(/\s/g, ""), "base64") : null;
}
