import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import type { PublicKey } from "./keys.js";
import { decodeBase64, verifyBytes } from "./verify-bytes.js";

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse), as in Sigstore bundles and attestations. */
export const dsseEnvelopeSchema = z.object({
  payload: z.string(),
  payloadType: z.string(),
  signatures: z.array(z.object({ sig: z.string(), keyid: z.string().optional() })).min(1),
});
export type DsseEnvelope = z.infer<typeof dsseEnvelopeSchema>;

/** DSSE pre-authentication encoding: what is actually signed. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = Buffer.from(payloadType, "utf8");
  const head = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, "utf8");
  return new Uint8Array(Buffer.concat([head, payload]));
}

export interface DsseVerified {
  payload: Uint8Array;
  payloadType: string;
  key: PublicKey;
}

/** Verifies an envelope against any of `keys`; returns the decoded payload on success. */
export function verifyDsse(
  envelope: DsseEnvelope,
  keys: readonly PublicKey[],
): Result<DsseVerified, string> {
  const payload = decodeBase64(envelope.payload);
  if (!payload) return err("the DSSE payload is not base64");
  const signed = pae(envelope.payloadType, payload);
  for (const s of envelope.signatures) {
    const sig = decodeBase64(s.sig);
    if (!sig) continue;
    for (const key of keys)
      if (verifyBytes(key, signed, sig))
        return ok({ payload, payloadType: envelope.payloadType, key });
  }
  return err("the DSSE signature does not verify with any configured key");
}
