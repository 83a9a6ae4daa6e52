import { createHash } from "node:crypto";
import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { dsseEnvelopeSchema, verifyDsse } from "./dsse.js";
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, statementCovers } from "./in-toto.js";
import type { PublicKey } from "./keys.js";
import { decodeBase64, verifyBytes } from "./verify-bytes.js";

export const SIGSTORE_BUNDLE_MEDIA_TYPE =
  /^application\/vnd\.dev\.sigstore\.bundle(?:\.v0\.[123])?\+json(?:;version=0\.[123])?$/;

/** The parts of a Sigstore bundle (v0.1–v0.3 JSON) that key-based verification reads. */
export const bundleSchema = z.object({
  mediaType: z.string().regex(SIGSTORE_BUNDLE_MEDIA_TYPE, "not a Sigstore bundle media type"),
  verificationMaterial: z.record(z.string(), z.unknown()),
  dsseEnvelope: dsseEnvelopeSchema.optional(),
  messageSignature: z
    .object({
      messageDigest: z.object({ algorithm: z.string(), digest: z.string() }).optional(),
      signature: z.string(),
    })
    .optional(),
});
export type SigstoreBundle = z.infer<typeof bundleSchema>;

export function parseBundle(bytes: Uint8Array): Result<SigstoreBundle, string> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return err("the Sigstore bundle is not JSON");
  }
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success)
    return err(`not a Sigstore bundle: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  if (!parsed.data.dsseEnvelope && !parsed.data.messageSignature)
    return err("the Sigstore bundle holds neither a DSSE envelope nor a message signature");
  return ok(parsed.data);
}

export interface ImageSubject {
  digest: string;
  /** The manifest bytes: a message-signature bundle signs them directly. */
  manifestBytes?: Uint8Array;
}

/**
 * Key-based check of a bundle for an image: the DSSE envelope must verify and its in-toto
 * statement name the image digest as a subject; or the message signature must verify over the
 * manifest bytes, whose digest is the image's. Transparency-log entries are not checked here
 * (a locally configured key is the trust anchor, as `cosign verify --key --insecure-ignore-tlog`).
 */
export function verifyBundleWithKeys(
  bundle: SigstoreBundle,
  image: ImageSubject,
  keys: readonly PublicKey[],
): Result<PublicKey, string> {
  if (bundle.dsseEnvelope) {
    if (bundle.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
      return err(
        `DSSE payload type ${bundle.dsseEnvelope.payloadType} is not an in-toto statement`,
      );
    const verified = verifyDsse(bundle.dsseEnvelope, keys);
    if (!verified.ok) return verified;
    const statement = parseStatement(verified.value.payload);
    if (!statement.ok) return statement;
    if (!statementCovers(statement.value, image.digest))
      return err(
        `the signed statement is about ${subjectList(statement.value.subject)}, not ${image.digest}`,
      );
    return ok(verified.value.key);
  }
  const message = bundle.messageSignature;
  if (!message) return err("the Sigstore bundle has no signature");
  const claimed = message.messageDigest ? decodeBase64(message.messageDigest.digest) : null;
  const imageHex = image.digest.replace(/^sha256:/, "");
  if (claimed && Buffer.from(claimed).toString("hex") !== imageHex)
    return err(
      `the signature is for sha256:${Buffer.from(claimed).toString("hex")}, not ${image.digest}`,
    );
  if (!image.manifestBytes)
    return err("the manifest bytes are needed to check a message signature");
  if (createHash("sha256").update(image.manifestBytes).digest("hex") !== imageHex)
    return err(`the manifest bytes do not hash to ${image.digest}`);
  const sig = decodeBase64(message.signature);
  if (!sig) return err("the message signature is not base64");
  for (const key of keys) if (verifyBytes(key, image.manifestBytes, sig)) return ok(key);
  return err("the message signature does not verify with any configured key");
}

function subjectList(subjects: { digest: Record<string, string> }[]): string {
  return subjects
    .map((s) =>
      Object.entries(s.digest)
        .map(([a, h]) => `${a}:${h}`)
        .join("/"),
    )
    .join(", ");
}
