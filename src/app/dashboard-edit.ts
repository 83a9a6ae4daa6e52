import type { CommandName } from "../core/commands/catalog.js";
import { decide, isBot, refusalReply } from "../core/commands/permissions.js";
import { DASHBOARD_LABEL } from "../core/dashboard/labels.js";
import type { IgnoreRule } from "../core/dashboard/rules.js";
import type { CheckboxAction } from "../core/dashboard/state.js";
import { newlyChecked, parseDashboard } from "../core/dashboard/state.js";
import { parseMarker } from "../core/pr/marker.js";
import type { CommandServices } from "./commands/handle-comment.js";
import { retryDeclined } from "./commands/ignore-commands.js";
import { unhold } from "./commands/pr-commands.js";
import { MAX_RECHECKS, recheckTargets, targetsOf } from "./commands/recheck.js";
import type { CommandEnv } from "./commands/types.js";
import { syncDashboard } from "./dashboard.js";

/** An `issues.edited` delivery reduced to what the dashboard needs. */
export interface DashboardEdit {
  issueNumber: number;
  labels: string[];
  /** The body before the edit (`changes.body.from`); null when the body did not change. */
  before: string | null;
  after: string;
  editor: { login: string; type: string };
}

export interface DashboardEditOutcome {
  actions: CheckboxAction[];
  refused: boolean;
  /** What each action did, for the logs. */
  results: string[];
}

const COMMAND_OF: Record<CheckboxAction["kind"], CommandName> = {
  unignore: "unignore",
  retry: "unignore",
  unhold: "unhold",
  recheck: "recheck",
};

/**
 * Checking a box on the dashboard acts like the command: unignore a rule, retry a declined
 * version, release a held PR, check a blocked version again (`/recheck`). Same permission rule as
 * the commands (write access or `commands.allow`); a refusal is said once on the issue. The
 * dashboard is re-rendered after.
 */
export async function handleDashboardEdit(
  edit: DashboardEdit,
  services: CommandServices,
): Promise<DashboardEditOutcome> {
  const none: DashboardEditOutcome = { actions: [], refused: false, results: [] };
  if (!edit.labels.includes(DASHBOARD_LABEL) || isBot(edit.editor) || edit.before === null)
    return none;
  if (!parseDashboard(edit.after).isDashboard) return none;
  const actions = newlyChecked(edit.before, edit.after);
  if (actions.length === 0) return none;
  const { repo, conversation } = services;
  const config = await services.dashboard.config(repo);
  const permission = await conversation.permission(repo, edit.editor.login);
  const names = [...new Set(actions.map((a) => COMMAND_OF[a.kind]))];
  const refused = names.filter(
    (name) =>
      decide(name, {
        actor: { ...edit.editor, permission },
        appPullRequest: true,
        pullRequestAuthor: null,
        allowList: config.config.commands.allow,
      }).kind !== "allow",
  );
  if (refused.length > 0) {
    await conversation.comment(repo, edit.issueNumber, refusalReply(edit.editor.login, refused));
    await syncDashboard(repo, services.dashboard, { config });
    return { actions, refused: true, results: [] };
  }

  const env: CommandEnv = { ...services, config };
  const unignored = new Set(actions.flatMap((a) => (a.kind === "unignore" ? [a.rule] : [])));
  const dropped: IgnoreRule[] = [];
  if (unignored.size > 0)
    await syncDashboard(repo, services.dashboard, {
      config,
      change: (state) => {
        dropped.push(...state.ignores.filter((r) => unignored.has(r.id)));
        return { ...state, ignores: state.ignores.filter((r) => !unignored.has(r.id)) };
      },
    });
  const results = dropped.map((r) => `unignored rule ${r.id}`);
  for (const rule of dropped)
    if (rule.kind === "version" && rule.tag !== null && rule.environment !== null)
      await env.bump({
        repository: rule.repository,
        tag: rule.tag,
        digest: null,
        only: [rule.environment],
      });
  const rechecked = new Set(actions.flatMap((a) => (a.kind === "recheck" ? [a.entry] : [])));
  if (rechecked.size > 0) {
    const entries = parseDashboard(edit.after).state.blocked.filter((b) => rechecked.has(b.id));
    results.push(...(await recheckTargets(targetsOf(entries.slice(0, MAX_RECHECKS)), env)));
  }
  for (const action of actions) {
    if (action.kind === "unignore" || action.kind === "recheck") continue;
    const pr = await conversation.pullRequest(repo, action.pr);
    const marker = parseMarker(pr?.body);
    if (!pr || !marker) {
      results.push(`#${action.pr} is not a bumpwarden pull request`);
      continue;
    }
    if (action.kind === "retry" && pr.state === "CLOSED" && marker.tag !== null)
      results.push(
        await retryDeclined(pr.number, pr.labels, marker.image, marker.env, marker.tag, env),
      );
    if (action.kind === "unhold") {
      const result = await unhold({ pr, marker, actor: edit.editor.login }, env);
      results.push(`#${pr.number}: ${result.message ?? "released"}`);
    }
  }
  await syncDashboard(repo, services.dashboard, { config });
  return { actions, refused: false, results };
}
