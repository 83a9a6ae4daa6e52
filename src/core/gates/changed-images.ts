import type { Config, ImageRule } from "../config/schema.js";
import { environmentMap } from "../environments/index.js";
import type { Reference } from "../formats/types.js";
import { parseReference } from "../image-ref.js";
import type { Finding } from "../review/finding.js";
import { fingerprint } from "../review/fingerprint.js";
import type { SourceFile } from "../review/manifest.js";
import type { FileDiff } from "../review/report/diff.js";
import { imageMatches } from "../review/rules/images.js";
import { scanFiles } from "../scan/scan-files.js";
import { indexLines } from "../yaml/index.js";
import type { LineIndex } from "../yaml/index.js";
import { attestationKeyRefs, gateEnvironments, gatesFor } from "./config.js";
import type { ChangedImage } from "./findings.js";
import type { GateResult } from "./types.js";

/** Images judged at most per review (each costs a few registry requests). */
export const MAX_GATE_TARGETS = 50;

/** The environment judged for a file that belongs to none, when no environment is configured. */
export const ANY_ENVIRONMENT = "any environment";

/** Where a gated image is written on an added line. */
export interface GatePlace {
  file: string;
  line: number;
  column: number;
  /** As written: `ghcr.io/acme/api:1.9.0-rc.1`. */
  image: string;
  /** The file's environments; empty when it belongs to none (then every judged one applies). */
  environments: string[];
}

/** An image (repository + tag/digest) on added lines whose `images[]` rule has `gates`. */
export interface GateTarget {
  repository: string;
  tag: string | null;
  digest: string | null;
  rule: ImageRule;
  places: GatePlace[];
  /** Environments to judge it for. */
  environments: string[];
}

/**
 * The images whose supply-chain gates a review judges: referenced on lines the PR adds, with a
 * tag or a digest, matched by the first `images[]` rule, that rule having `gates`. Each file's
 * environments come from `environments:` (or the layout); a file in none is judged for every
 * configured environment and gate override. Empty, so no registry is asked, when no rule has gates.
 * `files` may hold unchanged context (an override's base) that resolves a changed file's references.
 */
export function gateTargets(
  files: readonly SourceFile[],
  diff: ReadonlyMap<string, FileDiff>,
  config: Pick<Config, "images" | "environments">,
): GateTarget[] {
  if (!config.images.some((i) => i.gates)) return [];
  const envs = environmentMap(config.environments);
  const { references } = scanFiles(files, { environments: envs });
  const added = addedLines(files, diff);
  const out = new Map<string, GateTarget>();
  for (const r of references) {
    if (r.image === null || r.repository === null || (r.tag === null && r.digest === null))
      continue;
    if (!added(r)) continue;
    const parsed = parseReference(r.image);
    if (!parsed.ok) continue;
    const rule = config.images.find((i) => imageMatches(i.match, parsed.value));
    if (!rule?.gates) continue;
    const key = `${r.repository}:${r.tag ?? ""}@${r.digest ?? ""}`;
    let target = out.get(key);
    if (!target) {
      if (out.size >= MAX_GATE_TARGETS) continue;
      target = {
        repository: r.repository,
        tag: r.tag,
        digest: r.digest,
        rule,
        places: [],
        environments: [],
      };
      out.set(key, target);
    }
    const place = {
      file: r.file,
      line: r.line,
      column: r.column,
      image: r.image,
      environments: r.environments,
    };
    target.places.push(place);
    const judged = place.environments.length > 0 ? place.environments : fallback(envs.names, rule);
    for (const e of judged) if (!target.environments.includes(e)) target.environments.push(e);
  }
  return [...out.values()];
}

function fallback(names: readonly string[], rule: ImageRule): string[] {
  const all = [...new Set([...names, ...gateEnvironments(rule.gates)])];
  return all.length > 0 ? all : [ANY_ENVIRONMENT];
}

/** Whether the reference's line, or that of its tag or digest when a map splits them, is added. */
function addedLines(
  files: readonly SourceFile[],
  diff: ReadonlyMap<string, FileDiff>,
): (r: Reference) => boolean {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const indexes = new Map<string, LineIndex>();
  return (r) => {
    const lines = diff.get(r.file)?.added;
    if (!lines) return false;
    let idx = indexes.get(r.file);
    if (!idx) indexes.set(r.file, (idx = indexLines(texts.get(r.file) ?? "")));
    const at = idx;
    const slots = [r.tagSlot, r.digestSlot].flatMap((s) => (s ? [at.lineOf(s.start)] : []));
    return [r.line, ...slots].some((l) => lines.has(l));
  };
}

/** Key paths (not inline PEM) the targets' attestations are verified with, from the default branch. */
export const gateKeyPaths = (targets: readonly GateTarget[]): string[] =>
  [
    ...new Set(
      targets.flatMap((t) => {
        const refs = attestationKeyRefs(t.rule);
        return [...refs.keys, ...(refs.provenance ?? [])].filter((k) => !k.includes("-----BEGIN"));
      }),
    ),
  ].sort();

/** The places of a judged target, in the shape `gateFindings` reads. */
export function changedImages(
  target: GateTarget,
  gates: Record<string, GateResult[]>,
): ChangedImage[] {
  return target.places.map((p) => ({ ...p, gates }));
}

/**
 * When the registry cannot say which image a tag is (unknown tag, registry down), its gates cannot
 * be judged: one finding per place, an error unless every judged environment only warns.
 */
export function unresolvedFindings(target: GateTarget, reason: string): Finding[] {
  const seen = new Map<string, number>();
  return target.places.map((p) => {
    const envs = p.environments.length > 0 ? p.environments : target.environments;
    const blocks = envs.some((e) => gatesFor(target.rule.gates, e)?.mode !== "warn");
    const n = seen.get(p.file) ?? 0;
    seen.set(p.file, n + 1);
    return {
      file: p.file,
      line: p.line,
      column: p.column,
      rule: UNRESOLVED_RULE,
      severity: blocks ? "error" : "warning",
      message: `${p.image} could not be checked against the supply-chain gates (${envs.join(", ")}): ${reason}`,
      fingerprint: fingerprint(UNRESOLVED_RULE, p.file, p.image),
      ...(n > 0 && { legacyFingerprint: fingerprint(UNRESOLVED_RULE, p.file, p.image, n) }),
    };
  });
}

export const UNRESOLVED_RULE = "gate-unresolved";
