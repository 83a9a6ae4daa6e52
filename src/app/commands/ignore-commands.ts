import type { IgnoreTarget } from "../../core/commands/catalog.js";
import { RETRY_LABEL } from "../../core/dashboard/labels.js";
import { describeRule, removeRules, ruleProblem, versionLine } from "../../core/dashboard/rules.js";
import type { IgnoreRule } from "../../core/dashboard/rules.js";
import { addIgnore } from "../../core/dashboard/state.js";
import { displayImage } from "../../core/pr/title.js";
import { syncDashboard } from "../dashboard.js";
import type { CommandEnv, CommandResult, CommandTarget } from "./types.js";
import { done, failed } from "./types.js";

/**
 * `/ignore this version`: closing the PR declines its version (the planner skips versions of PRs
 * closed without merging). `/ignore this major|minor|patch|image`: a rule in the dashboard
 * issue's state, and the PR closed.
 */
export async function ignore(
  kind: IgnoreTarget,
  target: CommandTarget,
  env: CommandEnv,
): Promise<CommandResult> {
  const m = target.marker;
  if (!m) return failed("This is not a bumpwarden pull request.");
  const problem = ruleProblem(kind, m.tag, m.from);
  if (problem)
    return failed(
      `I cannot ignore the ${kind} line: ${problem}. ${alternatives(kind, m.tag)} work here.`,
    );
  const image = `\`${displayImage(m.image)}\``;
  if (kind === "version") {
    if (target.pr.state === "CLOSED" && target.pr.labels.includes(RETRY_LABEL))
      await env.conversation.removeLabel(env.repo, target.pr.number, RETRY_LABEL);
    if (target.pr.state === "OPEN")
      await env.conversation.close(
        target.pr.id,
        `OK @${target.actor}, I will not propose ${image} \`${m.tag}\` in ${m.env} again. Comment \`/unignore\` here to undo.`,
      );
    return done();
  }
  const made: { rule: IgnoreRule | null } = { rule: null };
  const synced = await syncDashboard(env.repo, env.dashboard, {
    config: env.config,
    change: (state) => {
      const added = addIgnore(state, {
        repository: m.image,
        environment: m.env,
        kind,
        tag: kind === "image" ? null : m.tag,
        by: target.actor,
        pr: target.pr.number,
        at: env.now().toISOString(),
      });
      made.rule = added.rule;
      return added.state;
    },
  });
  if (synced.kind !== "synced" || made.rule === null)
    return failed(
      `\`/ignore\` rules live in the dashboard issue, which ${synced.kind === "no-issues" ? "needs issues turned on in this repository" : "`dashboard.enabled: false` turns off"}. ` +
        "`/ignore this version` still works: closing its pull request declines a version.",
    );
  const what = describeRule(made.rule);
  if (target.pr.state === "OPEN")
    await env.conversation.close(
      target.pr.id,
      `OK @${target.actor}, I will not propose ${what} any more. Comment \`/unignore\` here or check its box in #${synced.number} to undo.`,
    );
  return done();
}

/** The `/ignore` forms to offer instead: narrower lines only when the tag has lines at all. */
function alternatives(kind: IgnoreTarget, tag: string | null): string {
  const narrower: IgnoreTarget[] =
    tag !== null && versionLine(tag, kind) !== null
      ? (["minor", "patch"] as const).filter(
          (k) => DEPTH_ORDER.indexOf(k) > DEPTH_ORDER.indexOf(kind),
        )
      : [];
  const forms = [...narrower, "version" as const, "image" as const]
    .filter((k) => k !== kind)
    .map((k) => `\`/ignore this ${k}\``);
  return `${forms.slice(0, -1).join(", ")} or ${forms.at(-1) ?? ""}`;
}

const DEPTH_ORDER: readonly IgnoreTarget[] = ["major", "minor", "patch"];

/**
 * `/unignore [version]`: drops the rules that ignore this image here (all, or those that ignore
 * `version`), and when this PR was closed without merging, lifts its decline and proposes its
 * version again.
 */
export async function unignore(
  version: string | null,
  target: CommandTarget,
  env: CommandEnv,
): Promise<CommandResult> {
  const m = target.marker;
  if (!m) return failed("This is not a bumpwarden pull request.");
  let removed: IgnoreRule[] = [];
  await syncDashboard(env.repo, env.dashboard, {
    config: env.config,
    change: (state) => {
      const result = removeRules(state.ignores, {
        repository: m.image,
        environment: m.env,
        version,
      });
      removed = result.removed;
      return { ...state, ignores: result.rules };
    },
  });
  const declined =
    target.pr.state === "CLOSED" && m.tag !== null && (version === null || version === m.tag);
  const lines = removed.map((r) => `- ${describeRule(r)}`);
  if (declined) {
    const retried = await retryDeclined(
      target.pr.number,
      target.pr.labels,
      m.image,
      m.env,
      m.tag as string,
      env,
    );
    if (retried) lines.push(`- ${retried}`);
  }
  if (lines.length === 0)
    return done(
      `Nothing was ignored for \`${displayImage(m.image)}\`${version ? ` \`${version}\`` : ""} in ${m.env}.`,
    );
  return done(["Proposing again:", ...lines].join("\n"));
}

/**
 * Lifts the decline of a PR closed without merging (label `bumpwarden:retry`) and proposes its
 * version again right away. Returns what happened, for people.
 */
export async function retryDeclined(
  number: number,
  labels: readonly string[],
  image: string,
  environment: string,
  tag: string,
  env: CommandEnv,
): Promise<string> {
  if (!labels.includes(RETRY_LABEL)) await env.conversation.addLabel(env.repo, number, RETRY_LABEL);
  const outcome = await env.bump({ repository: image, tag, digest: null, only: [environment] });
  const o = outcome.outcomes.find((x) => x.environment === environment);
  const what = `\`${displayImage(image)}\` \`${tag}\` in ${environment} (declined in #${number})`;
  if (o?.pullRequest && (o.kind === "open" || o.kind === "update" || o.kind === "unchanged"))
    return `${what}: #${o.pullRequest.number}`;
  return `${what}${o?.why ? `: not proposed now, ${o.why}` : ""}`;
}
