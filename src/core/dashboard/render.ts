import { displayImage } from "../pr/title.js";
import type { BlockedBump, BlockedState } from "./blocked.js";
import { describeRule } from "./rules.js";
import type { DashboardState } from "./state.js";
import { formatState } from "./state.js";
import type { BumpPullSummary, DashboardView } from "./view.js";
import { declinedPulls, deployedTags, environmentsOf, imagesOf, isHeld } from "./view.js";

/** Items listed per section; GitHub refuses issue bodies over 65,536 characters. */
const MAX_ITEMS = 100;
const BODY_LIMIT = 65_000;

/**
 * The dashboard issue body: configuration problems, pending bumps, blocked versions, promotion
 * status per image × environment, held PRs and ignored or declined versions as checkboxes, then
 * the state block.
 * Pure: the same state and view always give the same text, so an unchanged body is not written.
 */
export function renderDashboard(state: DashboardState, view: DashboardView): string {
  const stateBlock = formatState(state);
  const parts = [
    "This issue lists what bumpwarden proposes in this repository and what it was told to leave alone. " +
      "Check a box to act on it; bumpwarden updates this issue when its pull requests change.",
  ];
  if (view.configProblems.length > 0 || view.stateProblem)
    parts.push(
      section(
        "⚠️ Configuration problems",
        [
          ...view.configProblems.map((p) => `- ${p}`),
          ...(view.stateProblem
            ? [
                `- bumpwarden's state below could not be read (${view.stateProblem}); it starts again empty.`,
              ]
            : []),
        ],
        "Fix these in `.github/bumpwarden.yml` on the default branch; while the file is invalid, bumpwarden opens no pull requests here.",
      ),
    );
  parts.push(
    pendingSection(view),
    blockedSection(state, view),
    promotionSection(view),
    heldSection(view),
    ignoredSection(state, view),
  );
  const body = [...parts.filter((p) => p !== ""), stateBlock].join("\n\n");
  return body.length <= BODY_LIMIT ? body : clip(body, stateBlock);
}

function section(title: string, lines: string[], note?: string): string {
  if (lines.length === 0) return "";
  const shown = lines.slice(0, MAX_ITEMS);
  if (lines.length > shown.length) shown.push(`- …and ${lines.length - shown.length} more`);
  return [`## ${title}`, "", ...(note ? [note, ""] : []), ...shown].join("\n");
}

function pendingSection(view: DashboardView): string {
  const envs = environmentsOf(view);
  const open = view.pulls
    .filter((p) => p.state === "OPEN")
    .sort(
      (a, b) =>
        a.marker.image.localeCompare(b.marker.image) ||
        envs.indexOf(a.marker.env) - envs.indexOf(b.marker.env) ||
        a.number - b.number,
    );
  const lines = open.map((p) => {
    const notes = [isHeld(p) ? "on hold" : "", p.autoMerge ? "auto-merge on" : ""].filter(Boolean);
    return `- #${p.number} ${image(p)} → ${proposal(p)} in **${p.marker.env}**${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
  });
  return lines.length > 0
    ? section("Pending bumps", lines)
    : "## Pending bumps\n\nNothing pending.";
}

const BLOCKED_BY: Record<BlockedState, string> = {
  gated: "supply-chain gates",
  unverified: "signature",
  policy: "tag policy",
  waiting: "promotion",
  edited: "edited branch",
};

function blockedSection(state: DashboardState, view: DashboardView): string {
  const envs = environmentsOf(view);
  const rank = (b: BlockedBump) => {
    const i = envs.indexOf(b.environment);
    return i === -1 ? envs.length : i;
  };
  const entries = [...state.blocked].sort(
    (a, b) =>
      a.repository.localeCompare(b.repository) ||
      rank(a) - rank(b) ||
      a.environment.localeCompare(b.environment) ||
      a.id - b.id,
  );
  return section(
    "Blocked",
    entries.map(
      (b) =>
        `- [ ] <!-- bw:recheck:${b.id} --> \`${displayImage(b.repository)}\` \`${b.tag}\` in **${b.environment}** — ${BLOCKED_BY[b.state]}: ${text(b.why)} (since ${when(b.since)})`,
    ),
    "Versions bumpwarden did not propose, and why. They are checked again when the image is pushed and at each reconcile; check a box (or comment `/recheck` here) to check one now.",
  );
}

/** `2026-11-23T12:00:00.000Z` → `2026-11-23 12:00 UTC`; other text as it is. */
function when(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** Reasons may quote registry data: no HTML (a comment marker would confuse the checkboxes). */
const text = (s: string): string => s.replace(/</g, "&lt;");

function promotionSection(view: DashboardView): string {
  const envs = environmentsOf(view);
  const images = imagesOf(view);
  if (images.length === 0 || envs.length === 0) return "";
  const rows = images.slice(0, MAX_ITEMS).map((img) => {
    const cells = envs.map((env) => promotionCell(view, img, env));
    return `| \`${cell(displayImage(img))}\` | ${cells.join(" | ")} |`;
  });
  return [
    "## Promotion",
    "",
    "Tags on the default branch, and what is on its way.",
    "",
    `| Image | ${envs.map(cell).join(" | ")} |`,
    `| --- |${envs.map(() => " --- |").join("")}`,
    ...rows,
  ].join("\n");
}

function promotionCell(view: DashboardView, img: string, env: string): string {
  const deployed = deployedTags(view, img, env).map((t) => `\`${cell(t)}\``);
  const mine = view.pulls
    .filter((p) => p.marker.image === img && p.marker.env === env)
    .sort((a, b) => b.number - a.number);
  const open = mine.find((p) => p.state === "OPEN");
  const parts = deployed.length > 0 ? [deployed.join(", ")] : [];
  if (open)
    parts.push(
      `→ \`${cell(proposal(open, false))}\` #${open.number}${isHeld(open) ? " (held)" : ""}`,
    );
  else if (deployed.length === 0) {
    const merged = mine.find((p) => p.state === "MERGED");
    if (merged) parts.push(`\`${cell(proposal(merged, false))}\` merged #${merged.number}`);
  }
  return parts.length > 0 ? parts.join(" ") : "—";
}

function heldSection(view: DashboardView): string {
  const held = view.pulls.filter(isHeld).sort((a, b) => a.number - b.number);
  return section(
    "On hold",
    held.map(
      (p) =>
        `- [ ] <!-- bw:unhold:${p.number} --> Release #${p.number}: ${image(p)} → ${proposal(p)} in ${p.marker.env}`,
    ),
    "Held pull requests are neither updated nor auto-merged. Check a box to release one (`/unhold`).",
  );
}

function ignoredSection(state: DashboardState, view: DashboardView): string {
  const rules = state.ignores.map(
    (r) =>
      `- [ ] <!-- bw:unignore:${r.id} --> Unignore ${describeRule(r)} — by @${r.by}${r.pr === null ? "" : ` in #${r.pr}`}`,
  );
  const declined = declinedPulls(view).map(
    (p) =>
      `- [ ] <!-- bw:retry:${p.number} --> Retry ${image(p)} ${proposal(p)} in ${p.marker.env} — declined in #${p.number} (closed without merging)`,
  );
  return section(
    "Ignored and declined",
    [...rules, ...declined],
    "bumpwarden does not propose these. Check a box to propose it again (`/unignore`).",
  );
}

const image = (p: BumpPullSummary): string => `\`${displayImage(p.marker.image)}\``;

function proposal(p: BumpPullSummary, quoted = true): string {
  const text = p.marker.tag ?? (p.marker.digest ? p.marker.digest.slice(0, 19) : "?");
  return quoted ? `\`${text}\`` : text;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/** Drops whole lines from the end of the visible part until the body fits; the state stays. */
function clip(body: string, stateBlock: string): string {
  const visible = body.slice(0, body.length - stateBlock.length);
  const note = "\n\n…shortened to fit GitHub's limit on issue bodies.\n\n";
  const room = BODY_LIMIT - stateBlock.length - note.length;
  const cut = visible.lastIndexOf("\n", Math.max(0, room));
  return `${visible.slice(0, Math.max(0, cut))}${note}${stateBlock}`;
}
