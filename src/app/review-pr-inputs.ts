import type { Config } from "../core/config/schema.js";
import type { SourceFile } from "../core/review/manifest.js";
import { missingBases } from "../core/formats/helm-values/override-files.js";
import { MAX_POLICY_FILES, policyFilesIn } from "../core/review/policy/files.js";
import { diffMap } from "../core/review/report/diff.js";
import type { FileDiff } from "../core/review/report/diff.js";
import { isKustomizationPath } from "../core/review/kustomize.js";
import { contextPaths, kustomizationCandidates } from "../core/review/report/kustomize-context.js";
import type { PullRequestRef, ReviewHost } from "../ports/review-host.js";

/** Changed files linted at most per pull request; the check run lists the others. */
export const MAX_REVIEWED_FILES = 1_000;

const LINTABLE =
  /\.ya?ml$|(^|\/)Kustomization$|(^|\/)((Docker|Container)file(\.[^/]*)?|[^/]+\.(dockerfile|containerfile))$/i;
const isYaml = (p: string) => /\.ya?ml$|(^|\/)Kustomization$/i.test(p);

export interface ReviewInputs {
  /** Changed files under review, as of the head commit. */
  changed: SourceFile[];
  /**
   * Files the changed ones need (kustomizations, the files they list, the base `values.yaml` of a
   * changed Helm override), never reported on.
   */
  context: SourceFile[];
  skipped: Array<{ path: string; reason: string }>;
  diff: Map<string, FileDiff>;
}

/**
 * Reads what the review of one head commit needs: the changed lintable files at the head, and
 * (when YAML changed) the kustomizations that build them and the files those list, bounded by
 * MAX_KUSTOMIZATIONS and MAX_CONTEXT_FILES, and the unchanged base of each changed Helm values
 * override (an override that sets only a tag names its image with it). Nothing else of the head
 * is read; the bases join the first batched read.
 */
export async function readChangedFiles(
  host: ReviewHost,
  pr: PullRequestRef,
  headSha: string,
): Promise<ReviewInputs> {
  const listed = await host.pullFiles(pr);
  const diff = diffMap(listed.files);
  const skipped: ReviewInputs["skipped"] = [];
  const lintable = listed.files
    .filter((f) => f.status !== "removed" && LINTABLE.test(f.path))
    .map((f) => f.path);
  for (const path of lintable.slice(MAX_REVIEWED_FILES))
    skipped.push({ path, reason: `over the ${MAX_REVIEWED_FILES}-file review limit` });
  const paths = lintable.slice(0, MAX_REVIEWED_FILES);
  if (listed.truncated)
    skipped.push({
      path: "…",
      reason: "GitHub lists only the first 3,000 files of a pull request",
    });

  let tree = new Set<string>();
  let kustomizations: string[] = [];
  let bases: string[] = [];
  if (paths.some(isYaml)) {
    const listing = await host.listPaths(pr, headSha);
    tree = new Set(listing.paths);
    kustomizations = kustomizationCandidates(listing.paths, paths);
    bases = missingBases(paths, tree);
  }
  const texts = await host.readFiles(pr, headSha, [...paths, ...kustomizations, ...bases]);
  const changed: SourceFile[] = [];
  for (const path of paths) {
    const text = texts[path];
    if (typeof text === "string") changed.push({ path, text });
    else skipped.push({ path, reason: "binary, or larger than 1 MB" });
  }
  const known = [
    ...kustomizations.flatMap((path) => {
      const text = texts[path];
      return typeof text === "string" ? [{ path, text }] : [];
    }),
    ...changed.filter((f) => isKustomizationPath(f.path)),
  ];
  const wanted = contextPaths(paths, known, tree);
  const more = wanted.filter((p) => !(p in texts));
  const extra = await host.readFiles(pr, headSha, more);
  const context: SourceFile[] = [];
  for (const path of [...bases, ...wanted.filter((p) => !bases.includes(p))]) {
    const text = texts[path] ?? extra[path];
    if (typeof text === "string") context.push({ path, text });
  }
  return { changed, context, skipped, diff };
}

export interface DefaultBranchFiles {
  policies: SourceFile[];
  keyTexts: Record<string, string | null>;
  problems: Array<{ path: string; reason: string }>;
}

/** Reads one commit of the default branch: its file listing and file texts. */
export interface CommitReader {
  listPaths(oid: string): Promise<{ paths: string[] }>;
  readFiles(oid: string, paths: string[]): Promise<Record<string, string | null>>;
}

/** A pull request's repository as a CommitReader. */
export const pullRequestReader = (host: ReviewHost, pr: PullRequestRef): CommitReader => ({
  listPaths: (oid) => host.listPaths(pr, oid),
  readFiles: (oid, paths) => host.readFiles(pr, oid, paths),
});

/**
 * Policies (`review.policies` globs) and cosign key files, from the default branch only: one tree
 * listing when there are policy globs, then one batched read of the matched files and the keys.
 * Both the pull-request review and the bump's own review read their policies here.
 */
export async function readDefaultBranchFiles(
  reader: CommitReader,
  oid: string,
  config: Config,
  keyPaths: readonly string[],
): Promise<DefaultBranchFiles> {
  const problems: DefaultBranchFiles["problems"] = [];
  let policyPaths: string[] = [];
  if (config.review.policies.length > 0) {
    const listing = await reader.listPaths(oid);
    const { files, matched } = policyFilesIn(listing.paths, config.review.policies);
    if (matched > MAX_POLICY_FILES)
      problems.push({
        path: config.review.policies.join(", "),
        reason: `${matched} policy files; only the first ${MAX_POLICY_FILES} are applied`,
      });
    policyPaths = files;
  }
  const wanted = [...policyPaths, ...keyPaths];
  const texts = wanted.length > 0 ? await reader.readFiles(oid, wanted) : {};
  const policies: SourceFile[] = [];
  for (const path of policyPaths) {
    const text = texts[path];
    if (typeof text === "string") policies.push({ path, text });
    else problems.push({ path, reason: "policy file is binary or larger than 1 MB; not applied" });
  }
  const keyTexts = Object.fromEntries(keyPaths.map((p) => [p, texts[p] ?? null]));
  return { policies, keyTexts, problems };
}
