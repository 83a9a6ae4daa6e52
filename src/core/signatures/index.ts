export { parsePublicKey } from "./keys.js";
export type { PublicKey } from "./keys.js";
export { verifyBytes, decodeBase64 } from "./verify-bytes.js";
export { pae, verifyDsse, dsseEnvelopeSchema } from "./dsse.js";
export type { DsseEnvelope, DsseVerified } from "./dsse.js";
export { parseStatement, statementCovers, IN_TOTO_PAYLOAD_TYPE } from "./in-toto.js";
export type { InTotoStatement } from "./in-toto.js";
export { parseBundle, verifyBundleWithKeys, SIGSTORE_BUNDLE_MEDIA_TYPE } from "./bundle.js";
export type { ImageSubject, SigstoreBundle } from "./bundle.js";
export { parseTrustedRoot, verifyCertifiedBundle, verifyKeyless } from "./keyless.js";
export { verifyKeyedTlog } from "./tlog.js";
export type { TlogPolicy } from "./tlog.js";
export {
  classicLayerBundle,
  COSIGN_CERTIFICATE_ANNOTATION,
  COSIGN_REKOR_BUNDLE_ANNOTATION,
} from "./classic-bundle.js";
export type { KeylessPolicy } from "./keyless.js";
export {
  parseSimpleSigning,
  SIMPLE_SIGNING_MEDIA_TYPE,
  COSIGN_SIGNATURE_ANNOTATION,
  COSIGN_TYPE,
} from "./simple-signing.js";
export type { SimpleSigningPayload } from "./simple-signing.js";
export { verifyImageSignature } from "./cosign.js";
export type { VerifyPolicy } from "./cosign.js";
export {
  signatureTag,
  referrersTag,
  COSIGN_SIG_ARTIFACT_TYPE,
  SIGSTORE_BUNDLE_ARTIFACT_TYPE,
} from "./layout.js";
export type { SignatureEvidence, SignatureLayout, SignatureVerdict } from "./verdict.js";
