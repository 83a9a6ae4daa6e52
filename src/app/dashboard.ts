import { ownTitleProblems } from "../core/commits/own-titles.js";
import { commitPolicy } from "../core/commits/policy.js";
import type { Config } from "../core/config/schema.js";
import { stillBlocked } from "../core/dashboard/blocked.js";
import { DASHBOARD_LABEL, DASHBOARD_TITLE } from "../core/dashboard/labels.js";
import { renderDashboard } from "../core/dashboard/render.js";
import type { DashboardState, ParsedDashboard } from "../core/dashboard/state.js";
import { emptyState, parseDashboard } from "../core/dashboard/state.js";
import type { BumpPullSummary, DashboardView, DeployedTags } from "../core/dashboard/view.js";
import { parseMarker } from "../core/pr/marker.js";
import type { DashboardIssues } from "../ports/conversation.js";
import type { RepoName } from "../ports/git-host.js";
import type { ImageIndex, RepoIndex } from "../ports/image-index.js";
import type { RepoConfig, RepoConfigSource } from "./repo-config.js";

export interface DashboardDeps {
  issues: DashboardIssues;
  config: RepoConfigSource;
  /** Tags in use come from the image index when it knows the repository. */
  index?: ImageIndex;
  installationId: number;
}

export interface DashboardIssue {
  number: number;
  body: string;
  parsed: ParsedDashboard;
}

export type DashboardSync =
  | { kind: "disabled" }
  /** The repository has issues turned off: there is nowhere to keep the dashboard. */
  | { kind: "no-issues" }
  /** There is no dashboard yet and `createFor` said this state is not worth one. */
  | { kind: "not-created" }
  | { kind: "synced"; number: number; state: DashboardState; written: boolean; created: boolean };

/**
 * The repository's dashboard issue: labelled `bumpwarden:dashboard` and carrying the state block.
 * An open one is preferred; a closed one is still used (updated in place, not reopened), since the
 * ignore rules live in it.
 */
export async function findDashboard(
  issues: DashboardIssues,
  repo: RepoName,
): Promise<DashboardIssue | null> {
  const labelled = await issues.issuesWithLabel(repo, DASHBOARD_LABEL);
  const mine = labelled
    .map((i) => ({ ...i, parsed: parseDashboard(i.body) }))
    .filter((i) => i.parsed.isDashboard);
  const chosen = mine.find((i) => i.open) ?? mine[mine.length - 1];
  return chosen ? { number: chosen.number, body: chosen.body, parsed: chosen.parsed } : null;
}

/** A change to the state, made knowing what the dashboard is about to show. */
export type StateChange = (
  state: DashboardState,
  view: DashboardView,
  config: Config,
) => DashboardState;

/**
 * Brings the dashboard up to date: re-reads the app's PRs and the tags in use, applies `change`
 * to the state (ignore rules, blocked versions), drops blocked versions that a merge or a newer PR
 * settled, renders, and writes the issue when its body differs (creating it the first time).
 * Does nothing with `dashboard.enabled: false`.
 */
export async function syncDashboard(
  repo: RepoName,
  deps: DashboardDeps,
  options: {
    change?: StateChange;
    config?: RepoConfig;
    /** Whether a missing dashboard is created for this state (default: always). */
    createFor?: (state: DashboardState) => boolean;
  } = {},
): Promise<DashboardSync> {
  const { config, problems } = options.config ?? (await deps.config(repo));
  if (!config.dashboard.enabled) return { kind: "disabled" };
  const [found, listing, deployed, titleProblems] = await Promise.all([
    findDashboard(deps.issues, repo),
    deps.issues.pullRequestsByBranchPrefix(repo, config.pullRequests.branchPrefix),
    deployedTags(deps, repo),
    ownTitleProblems(commitPolicy(config)),
  ]);
  const pulls: BumpPullSummary[] = listing.flatMap((pr) => {
    const marker = parseMarker(pr.body);
    return marker
      ? [
          {
            number: pr.number,
            url: pr.url,
            state: pr.state,
            labels: pr.labels,
            autoMerge: pr.autoMerge,
            marker,
          },
        ]
      : [];
  });
  const view: DashboardView = {
    environments: Object.keys(config.environments ?? {}),
    pulls,
    deployed,
    configProblems: [...problems, ...titleProblems],
    stateProblem: found?.parsed.problem ?? null,
  };
  const before = found?.parsed.state ?? emptyState();
  const changed = options.change ? options.change(before, view, config) : before;
  const state = { ...changed, blocked: [...stillBlocked(changed.blocked, view)] };
  const body = renderDashboard(state, view);
  if (found) {
    const written = found.body !== body;
    if (written) await deps.issues.updateIssueBody(repo, found.number, body);
    return { kind: "synced", number: found.number, state, written, created: false };
  }
  if (options.createFor && !options.createFor(state)) return { kind: "not-created" };
  const number = await deps.issues.createIssue(repo, {
    title: DASHBOARD_TITLE,
    body,
    labels: [DASHBOARD_LABEL],
  });
  if (number === null) return { kind: "no-issues" };
  return { kind: "synced", number, state, written: true, created: true };
}

async function deployedTags(deps: DashboardDeps, repo: RepoName): Promise<DeployedTags[]> {
  return deployedIn(await deps.index?.getRepo(deps.installationId, `${repo.owner}/${repo.name}`));
}

/** Tags in use per image × environment, from the image index's entry for the repository. */
export function deployedIn(indexed: RepoIndex | undefined): DeployedTags[] {
  if (!indexed) return [];
  const byKey = new Map<string, DeployedTags>();
  for (const ref of Object.values(indexed.files).flat()) {
    if (ref.environment === null || ref.tag === null) continue;
    const key = `${ref.repository}\n${ref.environment}`;
    const entry = byKey.get(key) ?? {
      repository: ref.repository,
      environment: ref.environment,
      tags: [],
    };
    if (!entry.tags.includes(ref.tag)) entry.tags.push(ref.tag);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((d) => ({ ...d, tags: d.tags.sort() }));
}

/** The repository's `/ignore` rules, for the planner (`BumpDeps.ignores`). */
export async function readIgnoreRules(
  issues: DashboardIssues,
  repo: RepoName,
): Promise<DashboardState["ignores"]> {
  return (await findDashboard(issues, repo))?.parsed.state.ignores ?? [];
}
