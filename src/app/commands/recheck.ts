import type { BlockedBump } from "../../core/dashboard/blocked.js";
import { displayImage } from "../../core/pr/title.js";
import { compareTags } from "../../core/scan/compare-tags.js";
import type { EnvOutcome } from "../bump-repo.js";
import { findDashboard, syncDashboard } from "../dashboard.js";
import type { CommandEnv, CommandResult, CommandTarget } from "./types.js";
import { done } from "./types.js";

/** Blocked versions planned again at most per `/recheck` on the dashboard (each costs a bump). */
export const MAX_RECHECKS = 20;

/** What to plan again: one image at one tag, in some environments. */
export interface RecheckTarget {
  repository: string;
  tag: string;
  environments: string[];
}

/**
 * `/recheck`: the Conventional Commits check and the review on the PR's head, again. On a bump
 * PR, its image is planned again for its environment (gates, signature, policy evaluated anew),
 * at the version the dashboard lists as blocked there when that is newer than the PR's.
 */
export async function recheck(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  await env.commitCheck(target.pr);
  if (env.review) await env.review(target.pr);
  const m = target.marker;
  if (!m || m.tag === null) return done();
  const blocked = (await findDashboard(env.dashboard.issues, env.repo))?.parsed.state.blocked;
  const entry = blocked?.find((b) => b.repository === m.image && b.environment === m.env);
  const tag = entry && (compareTags(entry.tag, m.tag) ?? 0) > 0 ? entry.tag : m.tag;
  const [line] = await recheckTargets(
    [{ repository: m.image, tag, environments: [m.env] }],
    env,
    target.pr.number,
  );
  return done(line ?? null);
}

/** The dashboard's blocked entries as bumps: one per image and tag. */
export function targetsOf(entries: readonly BlockedBump[]): RecheckTarget[] {
  const byKey = new Map<string, RecheckTarget>();
  for (const b of entries) {
    const key = `${b.repository}\n${b.tag}`;
    const t = byKey.get(key) ?? { repository: b.repository, tag: b.tag, environments: [] };
    t.environments.push(b.environment);
    byKey.set(key, t);
  }
  return [...byKey.values()];
}

/**
 * Plans each target again through the bump runner (which records the outcome on the dashboard)
 * and says, per environment, what became of it; environments where nothing is worth saying (the
 * PR `self` was already up to date) say nothing.
 */
export async function recheckTargets(
  targets: readonly RecheckTarget[],
  env: CommandEnv,
  self: number | null = null,
): Promise<string[]> {
  const lines: string[] = [];
  const gone: Array<{ repository: string; environment: string }> = [];
  for (const t of targets) {
    const outcome = await env.bump({
      repository: t.repository,
      tag: t.tag,
      digest: null,
      only: t.environments,
    });
    for (const environment of t.environments) {
      const o = outcome.outcomes.find((x) => x.environment === environment);
      if (!o && outcome.configError === undefined)
        gone.push({ repository: t.repository, environment });
      const line = describe(t, environment, o, outcome.configError, self);
      if (line) lines.push(line);
    }
  }
  // No bump result speaks for an environment that no longer uses the image: drop its entry here.
  if (gone.length > 0)
    await syncDashboard(env.repo, env.dashboard, {
      config: env.config,
      change: (state) => ({
        ...state,
        blocked: state.blocked.filter(
          (b) =>
            !gone.some((g) => g.repository === b.repository && g.environment === b.environment),
        ),
      }),
      createFor: () => false,
    });
  return lines;
}

function describe(
  t: RecheckTarget,
  environment: string,
  o: EnvOutcome | undefined,
  configError: string | undefined,
  self: number | null,
): string | null {
  const what = `\`${displayImage(t.repository)}\` \`${t.tag}\` in ${environment}`;
  if (configError !== undefined)
    return `${what}: not checked, \`.github/bumpwarden.yml\` on the default branch is invalid (${configError}).`;
  if (!o) return `${what}: the image is no longer used there on the default branch.`;
  const pr = o.pullRequest?.number;
  if ((o.kind === "open" || o.kind === "update") && pr !== undefined)
    return pr === self
      ? `${what}: this pull request now proposes it.`
      : `${what}: proposed in #${pr}.`;
  if (o.kind === "unchanged")
    return pr === self || pr === undefined ? null : `${what}: #${pr} already proposes it.`;
  if (o.kind === "close") return `${what}: already deployed; #${pr ?? "?"} was closed as obsolete.`;
  if (o.state === "up-to-date") return `${what}: already deployed.`;
  return `${what}: still not proposed (${o.why ?? o.state ?? o.kind}).`;
}
