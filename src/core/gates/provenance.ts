import { z } from "zod";
import { err, ok } from "../result.js";
import type { Result } from "../result.js";
import { parseSourceUri } from "./source-uri.js";
import type { Provenance, SourceRef } from "./types.js";

/** https://slsa.dev/spec/v0.2/provenance and https://slsa.dev/spec/v1.0/provenance */
export const SLSA_V02 = "https://slsa.dev/provenance/v0.2";
export const SLSA_V1 = "https://slsa.dev/provenance/v1";

const digestSet = z.record(z.string(), z.string());
const resource = z.looseObject({ uri: z.string().optional(), digest: digestSet.optional() });
const vcs = z.looseObject({ source: z.string().optional(), revision: z.string().optional() });

const v02 = z.looseObject({
  builder: z.looseObject({ id: z.string().min(1) }),
  buildType: z.string().optional(),
  invocation: z
    .looseObject({
      configSource: z
        .looseObject({ uri: z.string().optional(), digest: digestSet.optional() })
        .optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  materials: z.array(resource).optional(),
});

const v1 = z.looseObject({
  buildDefinition: z.looseObject({
    buildType: z.string().optional(),
    externalParameters: z.record(z.string(), z.unknown()).optional(),
    resolvedDependencies: z.array(resource).optional(),
  }),
  runDetails: z.looseObject({
    builder: z.looseObject({ id: z.string().min(1) }),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
});

const workflow = z.looseObject({ repository: z.string(), ref: z.string().optional() });
const configSource = z.looseObject({ uri: z.string(), digest: digestSet.optional() });
const BUILDKIT_V02_METADATA = "https://mobyproject.org/buildkit@v1#metadata";

/** Reads an SLSA provenance predicate; `predicateType` picks the version. */
export function parseProvenance(
  predicateType: string,
  predicate: unknown,
): Result<Provenance, string> {
  if (predicateType === SLSA_V02) {
    const p = v02.safeParse(predicate);
    if (!p.success) return err("the SLSA v0.2 provenance has no builder.id");
    return ok({
      slsa: "v0.2",
      builderId: p.data.builder.id,
      buildType: p.data.buildType ?? null,
      source: sourceV02(p.data),
    });
  }
  if (predicateType === SLSA_V1) {
    const p = v1.safeParse(predicate);
    if (!p.success)
      return err("the SLSA v1 provenance has no buildDefinition or runDetails.builder.id");
    return ok({
      slsa: "v1",
      builderId: p.data.runDetails.builder.id,
      buildType: p.data.buildDefinition.buildType ?? null,
      source: sourceV1(p.data),
    });
  }
  return err(`${predicateType} is not an SLSA provenance predicate type`);
}

export const isProvenanceType = (type: string): boolean => type === SLSA_V02 || type === SLSA_V1;

function sourceV02(p: z.infer<typeof v02>): SourceRef | null {
  const config = p.invocation?.configSource;
  if (config?.uri) {
    const s = sourceOf(config.uri, revisionOf(config.digest));
    if (s) return s;
  }
  const kit = vcs.safeParse(
    (p.metadata?.[BUILDKIT_V02_METADATA] as { vcs?: unknown } | undefined)?.vcs,
  );
  if (kit.success && kit.data.source) {
    const s = sourceOf(kit.data.source, kit.data.revision ?? null);
    if (s) return s;
  }
  return firstGit(p.materials ?? []);
}

function sourceV1(p: z.infer<typeof v1>): SourceRef | null {
  const params = p.buildDefinition.externalParameters ?? {};
  const deps = p.buildDefinition.resolvedDependencies ?? [];
  const wf = workflow.safeParse(params.workflow);
  if (wf.success) {
    const s = sourceOf(wf.data.repository, null, wf.data.ref ?? null);
    if (s) return { ...s, revision: dependencyRevision(deps, s.repository) };
  }
  const candidates: Array<{ uri: string; revision: string | null }> = [];
  if (typeof params.source === "string") candidates.push({ uri: params.source, revision: null });
  const cs = configSource.safeParse(params.configSource);
  if (cs.success) candidates.push({ uri: cs.data.uri, revision: revisionOf(cs.data.digest) });
  const kit = vcs.safeParse(
    (p.runDetails.metadata?.buildkit_metadata as { vcs?: unknown } | undefined)?.vcs,
  );
  if (kit.success && kit.data.source)
    candidates.push({ uri: kit.data.source, revision: kit.data.revision ?? null });
  for (const c of candidates) {
    const s = sourceOf(c.uri, c.revision);
    if (s) return { ...s, revision: s.revision ?? dependencyRevision(deps, s.repository) };
  }
  return firstGit(deps);
}

function sourceOf(
  uri: string,
  revision: string | null,
  ref: string | null = null,
): SourceRef | null {
  const parsed = parseSourceUri(uri);
  if (!parsed) return null;
  return { repository: parsed.repository, uri, revision, ref: ref ?? parsed.ref };
}

/** git commit from a DigestSet: `gitCommit` (SLSA v1) or `sha1` (v0.2). */
function revisionOf(digest: Record<string, string> | undefined): string | null {
  return digest?.gitCommit ?? digest?.sha1 ?? null;
}

function dependencyRevision(deps: z.infer<typeof resource>[], repository: string): string | null {
  for (const d of deps) {
    if (!d.uri || parseSourceUri(d.uri)?.repository !== repository) continue;
    const r = revisionOf(d.digest);
    if (r) return r;
  }
  return null;
}

/** The first dependency that is a git checkout (`git+…` URI, or a commit digest). */
function firstGit(deps: z.infer<typeof resource>[]): SourceRef | null {
  for (const d of deps) {
    if (!d.uri || (!d.uri.startsWith("git+") && !d.digest?.gitCommit)) continue;
    const s = sourceOf(d.uri, revisionOf(d.digest));
    if (s) return s;
  }
  return null;
}
