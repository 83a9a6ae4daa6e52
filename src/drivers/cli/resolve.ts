import { readFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { parseArgs } from "node:util";
import { createRegistryClient } from "../../adapters/registry/client.js";
import { loadCredentialStore } from "../../adapters/registry/load-credentials.js";
import { resolveTag } from "../../app/resolve-tag.js";
import type { ResolveRequest, ResolveResult } from "../../app/resolve-tag.js";
import type { VerificationConfig } from "../../app/verify-signature.js";
import { parseReference } from "../../core/image-ref.js";
import { parseTrustedRoot } from "../../core/signatures/keyless.js";
import type { TagPolicy } from "../../core/versions/types.js";
import { systemClock } from "../../ports/clock.js";
import type { CliCommand, CliIO } from "./io.js";
import { EXIT, usageErrorFor } from "./io.js";
import { gateLines, gatesForResolve, loadGateConfig } from "./resolve-gates.js";

const help = `Usage: bumpwarden resolve <repository> [--semver <range> | --regex <re> --order <order> | --ci <template> | --digest]
                          [--current <tag>] [--cosign-key <file>]... [--config <file> [--env <e>]...] [--json]

Asks the registry which tag the policy selects now. Never selects a tag older than --current;
skips signature/attestation tags (sha256-….sig, .att, .sbom). With --cosign-key (or a keyless
identity), only an image whose cosign signature verifies is selected; refused ones are listed.

Policy (default: --semver "*"):
  --semver <range>        npm semver range, e.g. ">=1.0.0 <2.0.0" or "^1". Tags may have a v prefix.
  --prerelease            With --semver: consider pre-releases (1.2.0-rc.1).
  --regex <re>            Tags must match; the named group "extract" (else the first group) is compared.
  --order <order>         With --regex: numerical (default), alphabetical or semver.
  --ci <template>         CI tags such as "sha-{short_sha}" or "main-{sha}-{run}", ordered by commit.
  --commits <file>        With --ci: commit SHAs oldest → newest, one per line (git rev-list --reverse).
  --digest                Track the digest of --current (latest, stable).

Options:
  --current <tag>         The tag in use now (also taken from <repository>:<tag>).
  --current-digest <d>    With --digest: the digest pinned now.
  --cosign-key <file>     cosign public key (PEM). Repeatable: any one verifying is enough.
  --certificate-identity <san>  Keyless: the signer's certificate identity (e-mail or URI).
  --certificate-oidc-issuer <url>  Keyless: the OIDC issuer in the certificate.
  --trusted-root <file>   Keyless: Sigstore trusted_root.json to trust (nothing is downloaded).
  --insecure-ignore-sct   Keyless: accept certificates without a CT log timestamp (a private CA).
  --require-tlog          With --cosign-key and --trusted-root: a key-based signature (and, with
                          --config, attestation) counts only with a transparency-log entry that
                          verifies against a log of the trusted root (cosign verify --key's default).
  --insecure-registry <host>  Speak plain HTTP to <host> (a local registry). Repeatable.
  --config <file>         .github/bumpwarden.yml: judge the selected image with its rule's supply-chain
                          gates (verified attestations; see docs/supply-chain.md). Key paths are read
                          relative to the working directory; --cosign-key is used when it names none.
  --env <e>               With --config: the environments to judge (repeatable; default: the config's).
  --json                  Print {repository, tag, digest, previous, signature: {verified, keyId?, reason?},
                          changed, why, skipped, rejected, image?} and, with --config,
                          gates: {<env>: [{gate, result, reason}]}, provenance?, attestations.

Credentials: BUMPWARDEN_REGISTRY_<HOST>_USERNAME/_PASSWORD (or _TOKEN), REGISTRY_AUTH_FILE,
$DOCKER_CONFIG/config.json, ~/.docker/config.json ("auths"). See docs/registries.md.

Exit codes: 0 answered (also when nothing newer exists), 1 newer tags exist but none verified, or the
registry failed, 2 bad usage or input (unreadable key, invalid regex or range).

Examples:
  bumpwarden resolve ghcr.io/acme/api --semver "^1" --current 1.7.2 --cosign-key cosign.pub --json
  bumpwarden resolve ghcr.io/acme/api:main-3f2a9c1-41 --ci "main-{short_sha}-{run}" --commits commits.txt
`;

const options = {
  semver: { type: "string" },
  prerelease: { type: "boolean" },
  regex: { type: "string" },
  order: { type: "string" },
  ci: { type: "string" },
  commits: { type: "string" },
  digest: { type: "boolean" },
  current: { type: "string" },
  "current-digest": { type: "string" },
  "cosign-key": { type: "string", multiple: true },
  "certificate-identity": { type: "string" },
  "certificate-oidc-issuer": { type: "string" },
  "trusted-root": { type: "string" },
  "insecure-ignore-sct": { type: "boolean" },
  "require-tlog": { type: "boolean" },
  "insecure-registry": { type: "string", multiple: true },
  json: { type: "boolean" },
  config: { type: "string" },
  env: { type: "string", multiple: true },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>["values"];

const usageError = usageErrorFor("resolve");

function policyOf(v: Values): TagPolicy | string {
  const chosen = [
    v.semver !== undefined,
    v.regex !== undefined,
    v.ci !== undefined,
    v.digest === true,
  ].filter(Boolean).length;
  if (chosen > 1) return "choose one of --semver, --regex, --ci, --digest";
  if (v.regex !== undefined) {
    const order = v.order ?? "numerical";
    if (order !== "numerical" && order !== "alphabetical" && order !== "semver")
      return `--order must be numerical, alphabetical or semver, not "${order}"`;
    return { regex: v.regex, order };
  }
  if (v.order !== undefined) return "--order goes with --regex";
  if (v.ci !== undefined) return { ci: v.ci };
  if (v.digest) return { digest: true };
  return v.prerelease ? { semver: v.semver ?? "*", prerelease: true } : { semver: v.semver ?? "*" };
}

async function read(io: CliIO, path: string, what: string): Promise<string | Error> {
  try {
    return await readFile(resolvePath(io.cwd, path), "utf8");
  } catch (e) {
    return new Error(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

async function verification(io: CliIO, v: Values): Promise<VerificationConfig | null | string> {
  const keys: string[] = [];
  for (const path of v["cosign-key"] ?? []) {
    const text = await read(io, path, "cosign key");
    if (text instanceof Error) return text.message;
    keys.push(text);
  }
  const identity = v["certificate-identity"];
  const issuer = v["certificate-oidc-issuer"];
  const rootPath = v["trusted-root"];
  const tlog = v["require-tlog"] === true;
  if (tlog && (keys.length === 0 || rootPath === undefined))
    return "--require-tlog needs --cosign-key and --trusted-root";
  if (identity === undefined && issuer === undefined && !tlog) {
    if (rootPath !== undefined)
      return "--trusted-root goes with keyless (--certificate-identity, --certificate-oidc-issuer) or --require-tlog";
    return keys.length ? { keys } : null;
  }
  if ((identity !== undefined || issuer !== undefined) && (!identity || !issuer || !rootPath))
    return "keyless needs --certificate-identity, --certificate-oidc-issuer and --trusted-root together";
  if (rootPath === undefined) return "keyless needs --trusted-root";
  const rootText = await read(io, rootPath, "trusted root");
  if (rootText instanceof Error) return rootText.message;
  let trustedRoot: unknown;
  try {
    trustedRoot = JSON.parse(rootText);
  } catch {
    return `${rootPath} is not JSON`;
  }
  const checked = parseTrustedRoot(trustedRoot);
  if (!checked.ok) return `${rootPath}: ${checked.error}`;
  return {
    keys,
    ...(identity &&
      issuer && {
        keyless: {
          identity,
          issuer,
          trustedRoot,
          ...(v["insecure-ignore-sct"] ? { ctlogThreshold: 0 } : {}),
        },
      }),
    ...(tlog && { tlog: { trustedRoot } }),
  };
}

function human(r: ResolveResult): string {
  const lines = [
    r.tag === null
      ? `${r.repository}: nothing to propose${r.previous ? ` (stays on ${r.previous})` : ""}`
      : `${r.repository}: ${r.previous ?? "(none)"} → ${r.tag} (${r.digest ?? "?"})`,
  ];
  if (r.signature)
    lines.push(
      `signature: ${r.signature.verified ? `verified with ${r.signature.keyId ?? "?"}` : `not verified: ${r.signature.reason ?? "?"}`}`,
    );
  for (const x of r.rejected) lines.push(`refused ${x.tag}: ${x.reason}`);
  if (r.image?.source || r.image?.revision)
    lines.push(
      `source: ${r.image.source ?? "?"}${r.image.revision ? ` @ ${r.image.revision}` : ""}`,
    );
  lines.push(`why: ${r.why}`);
  return `${lines.join("\n")}\n`;
}

const command: CliCommand = {
  summary: "Ask a registry which tag a policy selects now (signatures verified)",
  help,
  async run(args, io) {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (e) {
      return usageError(io, (e as Error).message);
    }
    const v = parsed.values;
    if (parsed.positionals.length !== 1) return usageError(io, "give exactly one <repository>");
    const ref = parseReference(parsed.positionals[0] ?? "");
    if (!ref.ok) return usageError(io, `"${parsed.positionals[0] ?? ""}": ${ref.error.message}`);
    const policy = policyOf(v);
    if (typeof policy === "string") return usageError(io, policy);
    const verify = await verification(io, v);
    if (typeof verify === "string") return usageError(io, verify);
    const request: ResolveRequest = {
      repository: ref.value.repository,
      policy,
      current: v.current ?? ref.value.tag,
      verify,
    };
    if (v["current-digest"] !== undefined) request.currentDigest = v["current-digest"];
    else if (ref.value.digest) request.currentDigest = ref.value.digest;
    if (v.commits !== undefined) {
      const text = await read(io, v.commits, "commit list");
      if (text instanceof Error) return usageError(io, text.message);
      request.commitOrder = text.split(/\s+/).filter((s) => /^[0-9a-f]{7,40}$/i.test(s));
    }
    if (v.env !== undefined && v.config === undefined)
      return usageError(io, "--env goes with --config");
    const gateConfig = v.config === undefined ? null : await loadGateConfig(io, v.config);
    if (typeof gateConfig === "string") return usageError(io, gateConfig);
    const credentials = await loadCredentialStore(io.env);
    if (!credentials.ok) return usageError(io, credentials.error);
    const insecure = [
      ...(v["insecure-registry"] ?? []),
      ...(io.env.BUMPWARDEN_INSECURE_REGISTRIES ?? "").split(",").filter(Boolean),
    ];
    const registry = createRegistryClient({
      credentials: credentials.value,
      clock: systemClock,
      insecureHosts: insecure,
    });
    const result = await resolveTag(registry, request);
    if (!result.ok) {
      io.stderr.write(`bumpwarden resolve: ${result.error.message}\n`);
      return result.error.code === "policy" ? EXIT.usage : EXIT.failed;
    }
    const gated = gateConfig
      ? await gatesForResolve(io, registry, result.value, {
          config: gateConfig,
          environments: v.env ?? [],
          verify,
        })
      : null;
    io.stdout.write(
      v.json
        ? `${JSON.stringify(gated ? { ...result.value, ...gated } : result.value, null, 2)}\n`
        : human(result.value) + (gated ? gateLines(gated) : ""),
    );
    return result.value.tag === null && result.value.rejected.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

export default command;
