import type { Config } from "../config/schema.js";
import { parseDuration } from "../config/duration.js";
import { parseMarker } from "../pr/marker.js";
import type { PullRequestState } from "./types.js";

/** Environments in promotion order: config order, or a conventional order for inferred names. */
export function promotionOrder(config: Config, present: Iterable<string>): string[] {
  const configured = Object.keys(config.environments ?? {});
  const names = new Set(present);
  if (configured.length > 0)
    return [
      ...configured.filter((e) => names.has(e)),
      ...[...names].filter((e) => !configured.includes(e)).sort(),
    ];
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const CONVENTIONAL = [
  "dev",
  "development",
  "test",
  "qa",
  "int",
  "integration",
  "stage",
  "staging",
  "preprod",
  "uat",
  "prod",
  "production",
];
const rank = (env: string): number => {
  const i = CONVENTIONAL.indexOf(env.toLowerCase());
  return i === -1 ? CONVENTIONAL.indexOf("preprod") : i;
};

export interface EnvironmentRequirement {
  requires: string | null;
  soakMs: number;
  automerge: boolean | undefined;
  labels: string[];
  reviewers: string[];
}

export function requirementOf(config: Config, env: string): EnvironmentRequirement {
  const entry = config.environments?.[env];
  const detailed = entry && !Array.isArray(entry) ? entry : undefined;
  return {
    requires: detailed?.requires ?? null,
    soakMs: detailed?.soak ? (parseDuration(detailed.soak) ?? 0) : 0,
    automerge: detailed?.automerge,
    labels: detailed?.labels ?? [],
    reviewers: detailed?.reviewers ?? [],
  };
}

export type Readiness =
  | { ready: true; why: string }
  | {
      ready: false;
      why: string;
      /** When waiting only for time: the instant it will be ready. */ readyAt?: Date;
    };

/**
 * Whether `tag` may be proposed to an environment that requires `requires`: the bump PR for the
 * same tag in `requires` has merged, its checks are green, and it has soaked long enough.
 */
export function promotionReadiness(
  tag: string,
  requires: string,
  history: readonly PullRequestState[],
  soakMs: number,
  now: Date,
): Readiness {
  const merged = history.find((pr) => pr.state === "MERGED" && parseMarker(pr.body)?.tag === tag);
  if (!merged?.mergedAt) {
    const open = history.find((pr) => pr.state === "OPEN" && parseMarker(pr.body)?.tag === tag);
    return {
      ready: false,
      why: open
        ? `waiting for ${requires} (#${open.number} is not merged yet)`
        : `waiting for ${tag} to reach ${requires}`,
    };
  }
  if (merged.checks !== "SUCCESS")
    return {
      ready: false,
      why: `waiting for ${requires}'s checks on #${merged.number} (${(merged.checks ?? "none reported").toLowerCase()})`,
    };
  const readyAt = new Date(Date.parse(merged.mergedAt) + soakMs);
  if (readyAt.getTime() > now.getTime())
    return { ready: false, why: `soaking in ${requires} until ${readyAt.toISOString()}`, readyAt };
  return {
    ready: true,
    why: `${tag} merged in ${requires} (#${merged.number}) with green checks${soakMs > 0 ? " and has soaked" : ""}`,
  };
}
