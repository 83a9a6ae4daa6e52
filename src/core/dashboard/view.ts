import { HOLD_LABEL } from "../plan/repo-bump.js";
import type { BumpMarker } from "../pr/marker.js";
import { compareTags } from "../scan/compare-tags.js";
import { RETRY_LABEL } from "./labels.js";

/** One of the app's PRs (it carries the marker), as the dashboard needs it. */
export interface BumpPullSummary {
  number: number;
  url: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  labels: string[];
  autoMerge: boolean;
  marker: BumpMarker;
}

/** Tags in use per image × environment on the default branch (from the image index). */
export interface DeployedTags {
  repository: string;
  environment: string;
  tags: string[];
}

/** Everything the dashboard shows besides its own state. */
export interface DashboardView {
  /** Environments in promotion order (from the configuration). */
  environments: string[];
  pulls: BumpPullSummary[];
  /** Empty when the index does not know the repository. */
  deployed: DeployedTags[];
  configProblems: string[];
  /** The previous state block could not be read (its rules were lost). */
  stateProblem: string | null;
}

export const isHeld = (pr: BumpPullSummary): boolean =>
  pr.state === "OPEN" && pr.labels.includes(HOLD_LABEL);

/**
 * Versions declined by closing their PR without merging, as the planner sees them: not retried,
 * not superseded by a later PR of the same image and environment that merged or is open, and
 * still newer than what that environment runs.
 */
export function declinedPulls(view: DashboardView): BumpPullSummary[] {
  const out: BumpPullSummary[] = [];
  const seen = new Set<string>();
  const newestFirst = [...view.pulls].sort((a, b) => b.number - a.number);
  for (const pr of newestFirst) {
    const { image, env, tag } = pr.marker;
    if (pr.state !== "CLOSED" || tag === null || pr.labels.includes(RETRY_LABEL)) continue;
    const key = `${image}\n${env}\n${tag}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const later = newestFirst.some(
      (o) =>
        o.number > pr.number &&
        o.state !== "CLOSED" &&
        o.marker.image === image &&
        o.marker.env === env,
    );
    if (later) continue;
    const deployed = deployedTags(view, image, env);
    if (deployed.some((d) => d === tag || (compareTags(tag, d) ?? 1) <= 0)) continue;
    out.push(pr);
  }
  return out.sort((a, b) => a.number - b.number);
}

export function deployedTags(view: DashboardView, image: string, env: string): string[] {
  return view.deployed.find((d) => d.repository === image && d.environment === env)?.tags ?? [];
}

/** Environments to show: the configured order, then any others the PRs or the index name. */
export function environmentsOf(view: DashboardView): string[] {
  const envs = [...view.environments];
  for (const e of [
    ...view.pulls.map((p) => p.marker.env),
    ...view.deployed.map((d) => d.environment),
  ])
    if (!envs.includes(e)) envs.push(e);
  return envs;
}

export function imagesOf(view: DashboardView): string[] {
  return [
    ...new Set([
      ...view.pulls.map((p) => p.marker.image),
      ...view.deployed.map((d) => d.repository),
    ]),
  ].sort();
}
