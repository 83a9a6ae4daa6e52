import { displayImage } from "../pr/title.js";
import { parseMarker } from "../pr/marker.js";
import type { BranchState } from "./types.js";

/** The commands a bump PR's body lists. */
export const COMMANDS = [
  "`/rebase` recreate the commit on the current base branch",
  "`/ignore this version` · `/ignore this major|minor|patch` · `/ignore image` stop proposing it",
  "`/hold` · `/unhold` freeze this PR (no updates, no auto-merge)",
  "`/promote <env>` propose this tag to the next environment now",
  "`/merge` enable auto-merge · `/lint` review again · `/help`",
];

export function promotionState(env: string, self: string, state: BranchState, tag: string): string {
  if (env === self) return "this PR";
  const pr = state.pullRequests.find(
    (p) => parseMarker(p.body)?.tag === tag && p.state !== "CLOSED",
  );
  if (!pr) return "pending";
  return pr.state === "MERGED" ? `merged #${pr.number}` : `open #${pr.number}`;
}

export function commitBody(
  repository: string,
  from: string[],
  tag: string,
  environment: string,
  edits: number,
): string {
  const old = from.length > 0 ? ` from ${from.join(", ")}` : "";
  return wrap(
    `Bumps ${displayImage(repository)}${old} to ${tag} in ${environment} (${edits} edit${edits === 1 ? "" : "s"}).`,
    72,
  );
}

/** Greedy word wrap; commitlint's body-max-line-length is 100, git convention 72. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}
