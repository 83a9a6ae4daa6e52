import { z } from "zod";
import type { SkipState } from "../plan/types.js";
import { compareTags } from "../scan/compare-tags.js";
import type { BumpPullSummary, DeployedTags } from "./view.js";

/** Skips a person should see: the version exists and was held back for a reason they can act on. */
export const BLOCKED_STATES = ["gated", "unverified", "policy", "waiting", "edited"] as const;
export type BlockedState = (typeof BLOCKED_STATES)[number];

/** Versions remembered at most; the oldest go first (the state must fit in the issue body). */
export const MAX_BLOCKED = 200;

export const blockedBumpSchema = z.object({
  /** Stable while the entry lives: its checkbox refers to it. */
  id: z.number().int().min(1),
  /** Normalized image repository: `ghcr.io/acme/api`. */
  repository: z.string().min(1),
  environment: z.string().min(1),
  tag: z.string().min(1),
  state: z.enum(BLOCKED_STATES),
  /** One line, as the planner said it. */
  why: z.string(),
  /** ISO time this tag was first held back in this state. */
  since: z.string(),
  /** `waiting` for a soak: when it ends. */
  readyAt: z.string().optional(),
});

/** A version bumpwarden did not propose in one environment, kept in the dashboard state. */
export type BlockedBump = z.infer<typeof blockedBumpSchema>;

/** What one bump did in one environment (the bump use case's per-environment outcome). */
export interface EnvResult {
  environment: string;
  kind: "open" | "update" | "unchanged" | "close" | "skip";
  state?: SkipState;
  why?: string;
  readyAt?: string;
}

export interface BumpReport {
  /** Normalized image repository. */
  repository: string;
  tag: string;
  /** ISO time of the bump. */
  at: string;
  results: readonly EnvResult[];
}

/** Whether a `policy` skip is news: a tag no newer than what runs or is proposed is not. */
export interface ReportContext {
  deployed: readonly DeployedTags[];
  /** The app's PRs, when known. */
  pulls?: readonly BumpPullSummary[];
  /** The image's tag policy follows digests only: other tags are never proposed, by design. */
  digestPolicy?: boolean;
}

/** Skips that say nothing about the version: a held PR is not planned, an unplannable one failed. */
const SILENT: ReadonlySet<SkipState> = new Set(["held", "unplannable"]);

/**
 * The blocked list after one bump: shown skips are added or updated (keeping their id, and their
 * `since` while tag and state stay), and an entry goes once a bump of the same or a newer tag
 * there ends any other way: a PR opened, updated or kept, the environment up to date, ignored, or
 * waiting its turn in the promotion order. A held PR or an unplannable bump says nothing either
 * way, and a bump of an older tag never touches an entry about a newer one. Returns `blocked`
 * itself when nothing changed.
 */
export function applyReport(
  blocked: readonly BlockedBump[],
  nextId: number,
  report: BumpReport,
  context: ReportContext,
): { blocked: readonly BlockedBump[]; next: number } {
  let list = [...blocked];
  let next = nextId;
  let changed = false;
  for (const r of report.results) {
    const at = list.findIndex(
      (b) => b.repository === report.repository && b.environment === r.environment,
    );
    const existing = list[at];
    if (existing && (compareTags(report.tag, existing.tag) ?? 0) < 0) continue;
    if (isShown(r, report, context)) {
      const entry = toEntry(r, report, existing, next);
      if (existing && sameEntry(existing, entry)) continue;
      if (!existing) next++;
      list = existing ? list.map((b, i) => (i === at ? entry : b)) : [...list, entry];
      changed = true;
    } else if (existing && speaks(r)) {
      list = list.filter((_, i) => i !== at);
      changed = true;
    }
  }
  if (!changed) return { blocked, next: nextId };
  if (list.length > MAX_BLOCKED)
    list = [...list].sort((a, b) => b.since.localeCompare(a.since)).slice(0, MAX_BLOCKED);
  return { blocked: list, next };
}

/** Whether a result says anything about an entry at all (see SILENT). */
export function speaks(r: EnvResult): boolean {
  return r.kind !== "skip" || r.state === undefined || !SILENT.has(r.state);
}

/** Whether a person should see this skip on the dashboard. */
export function isShown(r: EnvResult, report: BumpReport, context: ReportContext): boolean {
  if (r.kind !== "skip" || !isBlockedState(r.state)) return false;
  if (r.state === "waiting") return r.readyAt !== undefined;
  if (r.state !== "policy") return true;
  if (context.digestPolicy) return false;
  // Out-of-order pushes, redeliveries and old tags are policy skips too, and are no news.
  const deployed =
    context.deployed.find(
      (d) => d.repository === report.repository && d.environment === r.environment,
    )?.tags ?? [];
  const proposed = (context.pulls ?? []).flatMap((p) =>
    p.state === "OPEN" &&
    p.marker.image === report.repository &&
    p.marker.env === r.environment &&
    p.marker.tag !== null
      ? [p.marker.tag]
      : [],
  );
  return [...deployed, ...proposed].every(
    (t) => t !== report.tag && (compareTags(report.tag, t) ?? 1) > 0,
  );
}

const isBlockedState = (s: SkipState | undefined): s is BlockedState =>
  (BLOCKED_STATES as readonly string[]).includes(s ?? "");

function toEntry(
  r: EnvResult,
  report: BumpReport,
  existing: BlockedBump | undefined,
  next: number,
): BlockedBump {
  const state = r.state as BlockedState;
  const kept = existing && existing.tag === report.tag && existing.state === state;
  return {
    id: existing?.id ?? next,
    repository: report.repository,
    environment: r.environment,
    tag: report.tag,
    state,
    why: oneLine(r.why ?? state),
    since: kept ? existing.since : report.at,
    ...(r.readyAt !== undefined && { readyAt: r.readyAt }),
  };
}

const sameEntry = (a: BlockedBump, b: BlockedBump): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** Reasons carry text from registries and attestations: one line, bounded. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}

/**
 * The entries still worth showing: an environment that runs the tag (or a newer one), or that a
 * merged PR took it to, or that an open PR offers a newer tag, is no longer blocked on it. This
 * catches what no bump reported (a hand edit, a merge). An open PR for the same tag does not
 * clear it: a gate may block a tag after its PR opened.
 */
export function stillBlocked(
  blocked: readonly BlockedBump[],
  view: { pulls: readonly BumpPullSummary[]; deployed: readonly DeployedTags[] },
): readonly BlockedBump[] {
  const kept = blocked.filter((b) => {
    const at = (tag: string, strictly: boolean) => {
      const order = compareTags(tag, b.tag) ?? (tag === b.tag ? 0 : -1);
      return strictly ? order > 0 : order >= 0;
    };
    const runs = view.deployed.some(
      (d) =>
        d.repository === b.repository &&
        d.environment === b.environment &&
        d.tags.some((t) => at(t, false)),
    );
    const offered = view.pulls.some(
      (p) =>
        p.marker.image === b.repository &&
        p.marker.env === b.environment &&
        p.marker.tag !== null &&
        ((p.state === "MERGED" && at(p.marker.tag, false)) ||
          (p.state === "OPEN" && at(p.marker.tag, true))),
    );
    return !runs && !offered;
  });
  return kept.length === blocked.length ? blocked : kept;
}
