import { defaultConfig, parseConfig } from "../core/config/load.js";
import type { Config } from "../core/config/schema.js";
import { err } from "../core/result.js";
import type { Result } from "../core/result.js";
import type { IgnoreRule } from "../core/dashboard/rules.js";
import { formatBranch } from "../core/pr/branch.js";
import { parseMarker } from "../core/pr/marker.js";
import { renderGateCheckRun } from "../core/gates/check-run.js";
import { planRepoBump } from "../core/plan/repo-bump.js";
import type { DecorationSteps } from "../core/plan/decoration.js";
import type { BumpPolicies } from "../core/plan/review-edits.js";
import { loadPolicies } from "../core/review/policy/load.js";
import { loadParams } from "../core/review/policy/run.js";
import type { BranchState, EnvAction, ImageEvidence, SkipState } from "../core/plan/types.js";
import type { Clock } from "../ports/clock.js";
import type {
  BranchView,
  Decoration,
  GitHost,
  RefusedReviewer,
  RepoName,
  RepoView,
} from "../ports/git-host.js";
import type { ImageIndex, RepoIndex } from "../ports/image-index.js";
import type { SourceHistory } from "../ports/source-history.js";
import { CONFIG_PATH } from "./config-path.js";
import type { EvidenceRequest } from "./image-evidence.js";
import { readDefaultBranchFiles } from "./review-pr-inputs.js";
import type { CommitReader } from "./review-pr-inputs.js";

export interface BumpRequest {
  installationId: number;
  repo: RepoName;
  /** Normalized image repository. */
  repository: string;
  tag: string;
  digest: string | null;
  force?: string;
  only?: string[];
  /** `/rebase` or `/recreate`: write the PR's commit again (see RepoBumpInput.rewrite). */
  rewrite?: "rebase" | "recreate";
  /** Commit the image was built from, when the event said (a workflow run's head SHA). */
  revision?: string;
  /** Repository whose workflow built the image, when the event said (`github.com/acme/api`). */
  sourceRepository?: string;
}

/** Registry evidence for a tag (digest, labels, signature, gates): `gatherEvidence` in the app. */
export type EvidenceSource = (
  request: EvidenceRequest,
) => Promise<ImageEvidence & { digest?: string | null }>;

export interface BumpDeps {
  host: GitHost;
  index: ImageIndex;
  clock: Clock;
  evidence: EvidenceSource;
  /** `/ignore` rules of the repository (its dashboard issue); none when not given. */
  ignores?: (repo: RepoName) => Promise<readonly IgnoreRule[]>;
  /**
   * The configuration as the app applies it, from the repository's own file as read (organization
   * fallback, `_extends`). Default: that file alone.
   */
  config?: (repo: RepoName, text: string | null) => Promise<Result<Config, string[]>>;
  /** Images' source repositories as the installation sees them (`ci` policies order by commit). */
  history?: SourceHistory;
}

export interface EnvOutcome {
  environment: string;
  kind: EnvAction["kind"];
  /** Why a skip skipped (`gated`, `waiting`, …): the dashboard shows some of them. */
  state?: SkipState;
  why?: string;
  pullRequest?: { number: number; url: string };
  readyAt?: string;
  /** Whether GitHub accepted auto-merge, when the environment asks for it. */
  automerge?: string;
  /** Reviewers GitHub refused for good (not a collaborator, the author); the PR stands. */
  refusedReviewers?: RefusedReviewer[];
}

export interface BumpOutcome {
  repo: string;
  /** The image and tag planned (normalized repository). */
  image: string;
  tag: string;
  outcomes: EnvOutcome[];
  /** Plans made: more than one when GitHub reported a moved branch and the bump started over. */
  attempts: number;
  configError?: string;
}

const MAX_ATTEMPTS = 3;
/** Policy files read at most in the bump's view (more are read in batches of their own). */
const VIEW_POLICY_FILES = 100;
const DEFAULT_PREFIX = defaultConfig().pullRequests.branchPrefix;

/**
 * Proposes a pushed image to one repository: one PR per environment that uses it. Reads everything
 * in one query, writes each PR in one mutation, and starts over from a fresh read when GitHub says
 * the branch moved under it (a concurrent push), so no update is lost.
 */
export async function bumpRepository(request: BumpRequest, deps: BumpDeps): Promise<BumpOutcome> {
  const name = `${request.repo.owner}/${request.repo.name}`;
  const indexed = await deps.index.getRepo(request.installationId, name);
  const refs = Object.values(indexed?.files ?? {})
    .flat()
    .filter((r) => r.repository === request.repository);
  const outcome: BumpOutcome = {
    repo: name,
    image: request.repository,
    tag: request.tag,
    outcomes: [],
    attempts: 0,
  };
  if (refs.length === 0) return outcome;

  // An override that sets only the tag is planned with the base values file naming its repository.
  const paths = [
    ...new Set(refs.flatMap((r) => (r.base !== undefined ? [r.file, r.base] : [r.file]))),
  ];
  // The policy files the index knows are read in the same view, for the bump's own review (a
  // bigger set is read on its own, as GitHub limits what one query may return).
  const indexedPolicies = indexed?.policies?.files ?? [];
  const policyPaths =
    indexedPolicies.length <= VIEW_POLICY_FILES
      ? indexedPolicies.filter((p) => !paths.includes(p))
      : [];
  // The ignore rules (the dashboard issue) do not depend on the view: read them alongside it.
  const ignoresRead = deps.ignores ? deps.ignores(request.repo) : Promise.resolve([]);
  ignoresRead.catch(() => undefined); // awaited with the view; a failing view must not leave it unhandled
  const environments = [
    ...new Set(refs.map((r) => r.environment).filter((e): e is string => e !== null)),
  ];
  const branchesFor = (prefix: string) =>
    environments.map((environment) =>
      formatBranch({ prefix, environment, repository: request.repository }),
    );
  let pending = true;
  while (pending && outcome.attempts < MAX_ATTEMPTS) {
    outcome.attempts++;
    pending = false;
    const [view, ignores] = await Promise.all([
      deps.host.view(request.repo, {
        files: [CONFIG_PATH, ...paths, ...policyPaths],
        branches: branchesFor(DEFAULT_PREFIX),
      }),
      ignoresRead,
    ]);
    const parsed = await (deps.config ?? ownFileConfig)(
      request.repo,
      view.files[CONFIG_PATH] ?? null,
    );
    if (!parsed.ok) {
      outcome.configError = parsed.error.join("; ");
      return outcome;
    }
    const config = parsed.value;
    // The bump's own review applies the repository's admission policies (default branch, at the
    // commit the bump is planned on); read beside the registry evidence, which does not need them.
    const policiesRead = readBumpPolicies(deps.host, request.repo, view, config, indexed);
    policiesRead.catch(() => undefined); // awaited after the evidence
    // A custom branch prefix is known only once the config is read: one more read for its branches.
    const branchViews =
      config.pullRequests.branchPrefix === DEFAULT_PREFIX
        ? view.branches
        : (
            await deps.host.view(request.repo, {
              files: [],
              branches: branchesFor(config.pullRequests.branchPrefix),
            })
          ).branches;
    const evidence = await deps.evidence({
      repository: request.repository,
      tag: request.tag,
      digest: request.digest,
      config,
      currentTags: [...new Set(refs.map((r) => r.tag).filter((t): t is string => t !== null))],
      proposedTags: proposedTags(branchViews),
      ...(request.revision !== undefined && { revision: request.revision }),
      ...(request.sourceRepository !== undefined && {
        sourceRepository: request.sourceRepository,
      }),
      environments,
      ...(deps.history && { history: deps.history }),
      readFile: async (path) =>
        view.files[path] ??
        (await deps.host.readFiles(request.repo, view.headOid, [path]))[path] ??
        null,
    });
    const digest = request.digest ?? evidence.digest ?? null;
    const policies = await policiesRead;
    const plan = planRepoBump({
      repository: request.repository,
      tag: request.tag,
      digest,
      files: paths.flatMap((path) =>
        view.files[path] ? [{ path, text: view.files[path] as string }] : [],
      ),
      config,
      botLogin: view.viewer,
      branches: toBranchStates(branchViews, view.headOid),
      evidence,
      now: deps.clock.now(),
      ...(request.force !== undefined && { force: request.force }),
      ...(request.only !== undefined && { only: request.only }),
      ...(request.rewrite !== undefined && { rewrite: request.rewrite }),
      ...(ignores.length > 0 && { ignores }),
      ...(policies && { policies }),
    });
    outcome.outcomes = [];
    for (const action of plan.actions) {
      const decoration = (steps: DecorationSteps): Decoration => ({
        labels: steps.labels,
        reviewers: steps.reviewers,
        teamReviewers: steps.teamReviewers ?? [],
        automerge: steps.automerge ? config.pullRequests.automergeMethod : null,
      });
      if (action.kind === "unchanged" && action.redecorate) {
        const decorated = await deps.host.decorate(
          request.repo,
          action.pullRequest,
          decoration(action.redecorate),
        );
        outcome.outcomes.push({
          environment: action.environment,
          kind: "unchanged",
          why: `${action.why}; decorated again`,
          pullRequest: { number: action.pullRequest.number, url: action.pullRequest.url },
          ...(decorated.automerge !== null && { automerge: decorated.automerge }),
          ...(decorated.refusedReviewers.length > 0 && {
            refusedReviewers: decorated.refusedReviewers,
          }),
        });
        continue;
      }
      if (action.kind === "skip" || action.kind === "unchanged") {
        outcome.outcomes.push({
          environment: action.environment,
          kind: action.kind,
          ...(action.kind === "skip" && { state: action.state }),
          why: action.why,
          ...(action.kind === "skip" &&
            action.readyAt && { readyAt: action.readyAt.toISOString() }),
          ...(action.kind === "unchanged" && {
            pullRequest: { number: action.pullRequest.number, url: action.pullRequest.url },
          }),
        });
        continue;
      }
      if (action.kind === "close") {
        await deps.host.closeWithComment(request.repo, action.pullRequest, action.comment);
        outcome.outcomes.push({
          environment: action.environment,
          kind: "close",
          pullRequest: action.pullRequest,
        });
        continue;
      }
      const branch = branchViews[action.branch];
      const written = await deps.host.writeBump({
        repo: request.repo,
        repositoryId: view.id,
        baseBranch: view.defaultBranch,
        baseOid: view.headOid,
        branch: action.branch,
        refId: branch?.refId ?? null,
        headOid: branch?.headOid ?? null,
        pullRequestId: action.pullRequest?.id ?? null,
        files: action.files.map((f) => ({ path: f.path, contents: f.text })),
        message: action.message,
        title: action.title,
        body: action.body,
      });
      if (!written.ok) {
        if (written.error.kind === "stale-head" || written.error.kind === "conflict") {
          pending = true;
          break;
        }
        throw new Error(`writing ${action.branch} in ${name}: ${written.error.message}`);
      }
      const gates = evidence.gates?.[action.environment];
      // A new PR is decorated in full; an updated one gets what it lacks (an earlier run failed
      // half-way, or auto-merge GitHub may accept now that the head moved).
      const [decorated] = await Promise.all([
        action.decorate
          ? deps.host.decorate(request.repo, written.value, decoration(action.decorate))
          : { automerge: null, refusedReviewers: [] },
        gates
          ? deps.host.completeCheckRun(
              request.repo,
              written.value.commitOid,
              renderGateCheckRun({
                image: request.repository,
                tag: request.tag,
                digest,
                environment: action.environment,
                results: gates,
              }),
            )
          : undefined,
      ]);
      outcome.outcomes.push({
        environment: action.environment,
        kind: action.kind,
        pullRequest: { number: written.value.number, url: written.value.url },
        ...(decorated.automerge !== null && { automerge: decorated.automerge }),
        ...(decorated.refusedReviewers.length > 0 && {
          refusedReviewers: decorated.refusedReviewers,
        }),
      });
    }
  }
  // Still moving after every attempt: fail, so the queue runs the job again later; never report done.
  if (pending)
    throw new Error(
      `${name}: a bump branch kept moving during ${MAX_ATTEMPTS} attempts to write it`,
    );
  return outcome;
}

/**
 * The policies of `review.policies` (and the params among them) at the view's head, with the
 * loader the pull-request review uses. When the index lists them for that very commit and globs,
 * the view already holds their texts: no request. Otherwise one tree listing, then one read of
 * the files the view does not hold. Nothing is read when the review is off or names no policies;
 * a failed read fails the job (retried), never a review that silently skipped the policies.
 */
async function readBumpPolicies(
  host: GitHost,
  repo: RepoName,
  view: RepoView,
  config: Config,
  indexed: RepoIndex | undefined,
): Promise<BumpPolicies | undefined> {
  const globs = config.review.policies;
  if (!config.review.enabled || globs.length === 0) return undefined;
  const known =
    indexed?.headOid === view.headOid &&
    indexed.policies !== undefined &&
    sameList(indexed.policies.globs, globs)
      ? indexed.policies.files
      : undefined;
  const reader: CommitReader = {
    listPaths: async (at) => ({
      paths: known ?? (await host.listTree(repo, at)).files.map((f) => f.path),
    }),
    readFiles: async (at, paths) => {
      const missing = paths.filter((p) => !(p in view.files));
      const read = missing.length > 0 ? await host.readFiles(repo, at, missing) : {};
      return Object.fromEntries(paths.map((p) => [p, view.files[p] ?? read[p] ?? null]));
    },
  };
  const { policies } = await readDefaultBranchFiles(reader, view.headOid, config, []);
  return { set: loadPolicies(policies), params: loadParams(policies).params };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

async function ownFileConfig(
  _repo: RepoName,
  text: string | null,
): Promise<Result<Config, string[]>> {
  const parsed = parseConfig(text ?? "");
  return parsed.ok ? parsed : err(parsed.error.map((p) => `${p.path || "(file)"}: ${p.message}`));
}

/** Tags the open bump PRs propose (their markers). */
function proposedTags(branches: Record<string, BranchView>): string[] {
  const tags = Object.values(branches).flatMap((b) =>
    b.pullRequests.filter((p) => p.state === "OPEN").map((p) => parseMarker(p.body)?.tag),
  );
  return [...new Set(tags.filter((t): t is string => t !== undefined))];
}

/**
 * A branch still at the base commit carries no one's work: a write created it, then its commit
 * failed (GitHub runs a document's mutations one by one). Its head is the base's author's commit,
 * which must not read as "someone else pushed here": it is the bot's to write again.
 */
function toBranchStates(
  branches: Record<string, BranchView>,
  baseOid: string,
): Record<string, BranchState> {
  const out: Record<string, BranchState> = {};
  for (const [name, b] of Object.entries(branches))
    out[name] = {
      exists: b.refId !== null,
      headAuthor: b.headOid === baseOid ? null : b.headAuthor,
      pullRequests: b.pullRequests,
    };
  return out;
}
