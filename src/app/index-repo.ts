import { defaultConfig, parseConfig } from "../core/config/load.js";
import type { Config } from "../core/config/schema.js";
import { classifyFile } from "../core/formats/classify.js";
import {
  baseValuesPaths,
  isBaseValues,
  overridesOf,
} from "../core/formats/helm-values/override-files.js";
import { policyFilesIn } from "../core/review/policy/files.js";
import { scanFiles } from "../core/scan/scan-files.js";
import type { GitHost, RepoName } from "../ports/git-host.js";
import type { ImageIndex, IndexedReference } from "../ports/image-index.js";
import { CONFIG_PATH } from "./config-path.js";

/** Files larger than this are never read for the index (generated bundles, vendored charts). */
const MAX_INDEXED_BYTES = 1_000_000;

export interface IndexOutcome {
  repo: string;
  headOid: string;
  /** Files read (one GraphQL query per 100). */
  filesRead: number;
  references: number;
  truncated: boolean;
}

/**
 * Builds the index of one repository from its default branch: one query for the head and config,
 * one recursive tree read, then only the files a format can hold, 100 per query.
 */
export async function indexRepository(
  host: GitHost,
  index: ImageIndex,
  installationId: number,
  repo: RepoName,
): Promise<IndexOutcome> {
  const view = await host.view(repo, { files: [CONFIG_PATH], branches: [] });
  const config = configOrDefault(view.files[CONFIG_PATH] ?? null);
  const tree = await host.listTree(repo, view.headOid);
  const candidates = tree.files
    .filter((f) => f.size <= MAX_INDEXED_BYTES && classifyFile(f.path) !== null)
    .map((f) => f.path);
  const texts = await host.readFiles(repo, view.headOid, candidates);
  const files = indexFiles(texts, config);
  const globs = config.review.policies;
  await index.putRepo({
    installationId,
    repo: `${repo.owner}/${repo.name}`,
    defaultBranch: view.defaultBranch,
    headOid: view.headOid,
    files,
    config: view.files[CONFIG_PATH] ?? null,
    // A bump reads these in its view; an incomplete listing could miss one, so none are kept then.
    ...(globs.length > 0 &&
      !tree.truncated && {
        policies: {
          globs: [...globs],
          files: policyFilesIn(
            tree.files.map((f) => f.path),
            globs,
          ).files,
        },
      }),
  });
  return {
    repo: `${repo.owner}/${repo.name}`,
    headOid: view.headOid,
    filesRead: candidates.length,
    references: Object.values(files).flat().length,
    truncated: tree.truncated,
  };
}

/**
 * Refreshes the files a push changed. A push that touches the configuration (environments may
 * move) or whose file list GitHub truncated rebuilds the whole repository instead.
 */
export async function refreshIndex(
  host: GitHost,
  index: ImageIndex,
  installationId: number,
  repo: RepoName,
  push: { before: string; after: string; changed: string[]; removed: string[]; complete: boolean },
): Promise<IndexOutcome> {
  const name = `${repo.owner}/${repo.name}`;
  const known = await index.getRepo(installationId, name);
  if (known?.headOid === push.after)
    return { repo: name, headOid: push.after, filesRead: 0, references: 0, truncated: false };
  // A push the index did not see (lost, or arriving out of order) leaves a gap: rebuild.
  const gap = known !== undefined && known.headOid !== push.before;
  if (
    !known ||
    gap ||
    !push.complete ||
    push.changed.includes(CONFIG_PATH) ||
    push.removed.includes(CONFIG_PATH)
  )
    return indexRepository(host, index, installationId, repo);
  const readable = push.changed.filter((p) => classifyFile(p) !== null);
  const related = await relatedValuesFiles(host, repo, push.after, [
    ...readable,
    ...push.removed.filter((p) => classifyFile(p) !== null),
  ]);
  if (related === "truncated") return indexRepository(host, index, installationId, repo);
  const toRead = [...new Set([...readable, ...related])];
  // The stored config is the one at the index's head (a push changing it rebuilds, above), so a
  // push that touches no manifest costs no request.
  const texts = toRead.length > 0 ? await host.readFiles(repo, push.after, toRead) : {};
  const files = indexFiles(texts, configOrDefault(known.config));
  const patch: Record<string, IndexedReference[]> = {};
  for (const path of [...toRead, ...push.removed.filter((p) => classifyFile(p) !== null)])
    patch[path] = files[path] ?? [];
  // A changed path the policy globs match may be a new policy file (or a removed one: reading it
  // in a bump's view finds nothing, which is harmless).
  const policyFiles = known.policies
    ? policyFilesIn(
        [...new Set([...known.policies.files, ...push.changed, ...push.removed])],
        known.policies.globs,
      ).files
    : undefined;
  await index.patchRepo(installationId, name, push.after, patch, policyFiles);
  return {
    repo: name,
    headOid: push.after,
    filesRead: toRead.length,
    references: Object.values(files).flat().length,
    truncated: false,
  };
}

/**
 * The files a changed values file's references depend on, or that depend on it (docs/formats.md):
 * an override's base values file, read with it so its tag-only maps resolve; a base's override
 * files, read again so they resolve against its new text (or no longer resolve, when it is gone).
 * Finding a base's overrides takes one tree read; a truncated tree asks for a rebuild.
 */
async function relatedValuesFiles(
  host: GitHost,
  repo: RepoName,
  oid: string,
  changed: readonly string[],
): Promise<string[] | "truncated"> {
  const files = new Set(changed);
  const bases = changed.filter(isBaseValues);
  if (bases.length > 0) {
    const tree = await host.listTree(repo, oid);
    if (tree.truncated) return "truncated";
    const paths = tree.files.filter((f) => f.size <= MAX_INDEXED_BYTES).map((f) => f.path);
    for (const base of bases) for (const o of overridesOf(base, [...paths, base])) files.add(o);
  }
  // Each override's possible bases (a missing one reads as null): `values.yml` takes over when
  // `values.yaml` goes.
  for (const path of [...files]) for (const b of baseValuesPaths(path)) files.add(b);
  return [...files];
}

function indexFiles(
  texts: Record<string, string | null>,
  config: Config,
): Record<string, IndexedReference[]> {
  const sources = Object.entries(texts).flatMap(([path, text]) =>
    text === null ? [] : [{ path, text }],
  );
  const scan = scanFiles(sources, { environments: config.environments });
  const files: Record<string, IndexedReference[]> = {};
  for (const r of scan.references) {
    if (r.repository === null) continue;
    (files[r.file] ??= []).push({
      file: r.file,
      line: r.line,
      repository: r.repository,
      tag: r.tag,
      digest: r.digest,
      kind: r.kind,
      environment: r.environment,
      editable: r.editable,
      ...(r.base !== undefined && { base: r.base }),
    });
  }
  return files;
}

/** A broken config must not stop indexing: the defaults apply and the config check reports it. */
function configOrDefault(text: string | null): Config {
  const parsed = parseConfig(text ?? "");
  return parsed.ok ? parsed.value : defaultConfig();
}
