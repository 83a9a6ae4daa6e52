import { readFile } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { gateEvidence } from "../../app/gate-evidence.js";
import type { ResolveResult } from "../../app/resolve-tag.js";
import type { VerificationConfig } from "../../app/verify-signature.js";
import { parseConfig } from "../../core/config/load.js";
import type { Config } from "../../core/config/schema.js";
import { environmentMap } from "../../core/environments/index.js";
import { attestationKeyRefs, gateEnvironments } from "../../core/gates/config.js";
import type { GateResult } from "../../core/gates/types.js";
import { imageRuleFor } from "../../core/plan/image-rule.js";
import type { Registry } from "../../ports/registry.js";
import type { CliIO } from "./io.js";

/** What `resolve --config` adds to its output. */
export interface GateOutput {
  /** Per environment; empty when the image's rule has no gates. */
  gates: Record<string, GateResult[]>;
  provenance?: { builder: string; slsa: string; source?: string; revision?: string; ref?: string };
  attestations?: { looked: string[]; rejected: string[] };
}

/**
 * Judges the selected image with the gates of its rule in `configPath` (`.github/bumpwarden.yml`),
 * for `--env` environments (default: the config's environments and the gates' overrides, else
 * `default`). Keys named by path are read relative to the working directory (the repository
 * root); `--cosign-key` keys are used when the config names none.
 */
/** Reads and validates `--config` before anything is asked of the registry. */
export async function loadGateConfig(io: CliIO, configPath: string): Promise<Config | string> {
  let text: string;
  try {
    text = await readFile(resolvePath(io.cwd, configPath), "utf8");
  } catch (e) {
    return `cannot read config ${configPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const parsed = parseConfig(text);
  if (!parsed.ok)
    return parsed.error
      .map((p) => `${configPath}${p.line ? `:${p.line}` : ""}: ${p.path || "(file)"}: ${p.message}`)
      .join("\n");
  return parsed.value;
}

export async function gatesForResolve(
  io: CliIO,
  registry: Registry,
  result: ResolveResult,
  options: { config: Config; environments: readonly string[]; verify: VerificationConfig | null },
): Promise<GateOutput> {
  const config = options.config;
  const rule = imageRuleFor(config, result.repository);
  if (!rule?.gates || result.digest === null) return { gates: {} };
  const named = [
    ...new Set([...environmentMap(config.environments).names, ...gateEnvironments(rule.gates)]),
  ];
  const environments =
    options.environments.length > 0 ? options.environments : named.length > 0 ? named : ["default"];
  const configured = attestationKeyRefs(rule).keys;
  const keys = configured.length === 0 && options.verify ? options.verify.keys : configured;
  const evidence = await gateEvidence(registry, {
    repository: result.repository,
    digest: result.digest,
    tag: result.tag,
    rule: { ...rule, gates: { ...rule.gates, keys: [...keys] } },
    environments,
    readKey: async (path) => readFile(resolvePath(io.cwd, path), "utf8").catch(() => null),
    ...(options.verify?.keyless && { keyless: options.verify.keyless }),
    ...(options.verify?.tlog && { tlog: options.verify.tlog }),
  });
  const out: GateOutput = { gates: evidence.gates, attestations: evidence.attestations };
  const p = evidence.provenance;
  if (p)
    out.provenance = {
      builder: p.builderId,
      slsa: p.slsa,
      ...(p.source && { source: p.source.repository }),
      ...(p.source?.revision && { revision: p.source.revision }),
      ...(p.source?.ref && { ref: p.source.ref }),
    };
  return out;
}

/** Human lines: one per gate and environment. */
export function gateLines(g: GateOutput): string {
  const lines: string[] = [];
  for (const [env, results] of Object.entries(g.gates))
    for (const r of results) lines.push(`gate ${env} ${r.gate}: ${r.result} (${r.reason})`);
  if (g.provenance?.source)
    lines.push(
      `provenance: ${g.provenance.source}${g.provenance.revision ? ` @ ${g.provenance.revision}` : ""}`,
    );
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
