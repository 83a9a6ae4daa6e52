import type { KeylessPolicy } from "../core/signatures/keyless.js";
import type { TlogPolicy } from "../core/signatures/tlog.js";

/** Why a `verify.cosign.keyless` rule cannot be checked by the app. */
export const NO_TRUSTED_ROOT =
  "keyless verification needs a Sigstore trusted root (BUMPWARDEN_SIGSTORE_TRUSTED_ROOT), and none is configured";

/** Why a `verify.cosign.tlog` rule cannot be checked by the app. */
export const NO_TRUSTED_ROOT_FOR_TLOG =
  "verify.cosign.tlog needs a Sigstore trusted root (BUMPWARDEN_SIGSTORE_TRUSTED_ROOT), and none is configured";

/**
 * The transparency-log requirement of an image rule: `undefined` when it has none, the reason
 * when it has one the app cannot check (which then fails closed).
 */
export function tlogPolicy(
  tlog: boolean | undefined,
  trustedRoot: unknown,
): TlogPolicy | undefined | string {
  if (!tlog) return undefined;
  return trustedRoot === undefined ? NO_TRUSTED_ROOT_FOR_TLOG : { trustedRoot };
}

/**
 * The keyless policy of an image rule, with the app's trusted root. Signed certificate timestamps
 * are required when the root lists CT logs (the public-good instance), and waived when it lists
 * none (a private CA), since nothing could ever verify them then.
 */
export function keylessPolicy(
  keyless: { identity: string; issuer: string } | undefined,
  trustedRoot: unknown,
): KeylessPolicy | undefined {
  if (!keyless || trustedRoot === undefined) return undefined;
  const ctlogs =
    typeof trustedRoot === "object" && trustedRoot !== null && "ctlogs" in trustedRoot
      ? trustedRoot.ctlogs
      : undefined;
  return {
    identity: keyless.identity,
    issuer: keyless.issuer,
    trustedRoot,
    ctlogThreshold: Array.isArray(ctlogs) && ctlogs.length > 0 ? 1 : 0,
  };
}
