import { parseConfig } from "../core/config/load.js";
import type { Config } from "../core/config/schema.js";
import { applyReport, speaks } from "../core/dashboard/blocked.js";
import type { BumpReport, EnvResult } from "../core/dashboard/blocked.js";
import type { DashboardState } from "../core/dashboard/state.js";
import type { DashboardView } from "../core/dashboard/view.js";
import { emptyState } from "../core/dashboard/state.js";
import { imageRuleFor } from "../core/plan/image-rule.js";
import type { Clock } from "../ports/clock.js";
import type { RepoName } from "../ports/git-host.js";
import type { BumpOutcome } from "./bump-repo.js";
import type { DashboardDeps } from "./dashboard.js";
import { deployedIn, findDashboard, syncDashboard } from "./dashboard.js";

export interface OutcomeDeps extends DashboardDeps {
  clock: Clock;
}

export type RecordResult =
  /** No environment's result says anything the dashboard shows (held, unplannable): no request. */
  | { kind: "nothing" }
  /** `dashboard.enabled: false` (as the image index knows the config, or as read). */
  | { kind: "disabled" }
  /** The dashboard already says this: read once, nothing written. */
  | { kind: "unchanged" }
  | { kind: "no-issues" }
  | { kind: "not-created" }
  | { kind: "synced"; number: number; written: boolean; created: boolean };

/**
 * Puts what one bump did on the dashboard: a version held back for a reason a person should see
 * (gates, signature, tag policy, a soak, an edited branch) appears under "Blocked", and goes once a
 * later bump of that image and environment is not blocked that way (see applyReport). Costs no
 * GitHub request when no result matters, one read when the dashboard already says it, and writes
 * only when its body changes. The config the image index holds turns it off early.
 */
export async function recordBumpOutcome(
  repo: RepoName,
  outcome: BumpOutcome,
  deps: OutcomeDeps,
): Promise<RecordResult> {
  const results: EnvResult[] = outcome.outcomes.filter(speaks);
  if (outcome.configError !== undefined || results.length === 0) return { kind: "nothing" };
  const report: BumpReport = {
    repository: outcome.image,
    tag: outcome.tag,
    at: deps.clock.now().toISOString(),
    results,
  };
  const indexed = await deps.index?.getRepo(deps.installationId, `${repo.owner}/${repo.name}`);
  const known = indexed?.config ? parseConfig(indexed.config) : null;
  if (known?.ok && !known.value.dashboard.enabled) return { kind: "disabled" };

  const found = await findDashboard(deps.issues, repo);
  const before = found?.parsed.state ?? emptyState();
  const guess = applyReport(before.blocked, before.next, report, {
    deployed: deployedIn(indexed),
    digestPolicy: known?.ok === true && followsDigest(known.value, outcome.image),
  });
  if (guess.blocked === before.blocked) return { kind: "unchanged" };

  const synced = await syncDashboard(repo, deps, {
    change: (state, view, config) => apply(state, report, view, config),
    createFor: (state) => state.blocked.length > 0,
  });
  return synced.kind === "synced"
    ? { kind: "synced", number: synced.number, written: synced.written, created: synced.created }
    : synced;
}

function apply(
  state: DashboardState,
  report: BumpReport,
  view: DashboardView,
  config: Config,
): DashboardState {
  const next = applyReport(state.blocked, state.next, report, {
    deployed: view.deployed,
    pulls: view.pulls,
    digestPolicy: followsDigest(config, report.repository),
  });
  return next.blocked === state.blocked
    ? state
    : { ...state, blocked: [...next.blocked], next: next.next };
}

function followsDigest(config: Config, image: string): boolean {
  const policy = imageRuleFor(config, image)?.policy;
  return policy !== undefined && "digest" in policy;
}
