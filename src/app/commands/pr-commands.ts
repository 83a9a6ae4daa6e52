import type { CommandName } from "../../core/commands/catalog.js";
import { renderHelp } from "../../core/commands/help.js";
import type { Config } from "../../core/config/schema.js";
import { HOLD_LABEL } from "../../core/plan/repo-bump.js";
import { requirementOf } from "../../core/plan/promotion.js";
import type { CommandEnv, CommandResult, CommandTarget } from "./types.js";
import { done, failed } from "./types.js";

/** `/hold`: the label freezes the PR (the planner leaves it alone) and auto-merge is turned off. */
export async function hold(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  if (target.pr.state !== "OPEN") return failed("This pull request is not open.");
  if (!target.pr.labels.includes(HOLD_LABEL))
    await env.conversation.addLabel(env.repo, target.pr.number, HOLD_LABEL);
  if (target.pr.autoMerge) await env.conversation.disableAutoMerge(target.pr.id);
  return done();
}

/**
 * `/unhold`: removes the label; auto-merge comes back where the configuration asks for it. The
 * PR catches up with newer tags at the next push of the image.
 */
export async function unhold(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  const removed = await env.conversation.removeLabel(env.repo, target.pr.number, HOLD_LABEL);
  if (!removed) return done("This pull request was not on hold.");
  const environment = target.marker?.env;
  if (target.pr.state === "OPEN" && environment && automergeWanted(env.config.config, environment))
    await env.conversation.enableAutoMerge(
      target.pr.id,
      env.config.config.pullRequests.automergeMethod,
    );
  return done();
}

/** `/merge`: auto-merge on this PR, unless its environment turns auto-merge off in the config. */
export async function merge(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  const { config } = env.config;
  if (target.pr.state !== "OPEN") return failed("This pull request is not open.");
  if (target.pr.labels.includes(HOLD_LABEL))
    return failed("This pull request is on hold; `/unhold` it first.");
  const environment = target.marker?.env ?? "";
  const setting = automergeSetting(config, environment);
  if (setting.value === false)
    return failed(
      `Auto-merge is turned off for ${environment} (\`${setting.key}: false\` in \`.github/bumpwarden.yml\`).`,
    );
  if (target.pr.autoMerge) return done();
  const result = await env.conversation.enableAutoMerge(
    target.pr.id,
    config.pullRequests.automergeMethod,
  );
  if (result === "enabled") return done();
  const reason = result.replace(/^not enabled: /, "");
  if (/clean status/i.test(reason))
    return failed(
      "GitHub did not turn on auto-merge: no required check is pending on this pull request, so there is nothing to wait for. It can be merged now.",
    );
  return failed(`GitHub did not turn on auto-merge: ${reason}`);
}

export async function lint(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  if (!env.review)
    return failed("The manifest review is not enabled in this bumpwarden deployment.");
  await env.review(target.pr);
  return done();
}

export function help(topic: CommandName | null, target: CommandTarget): CommandResult {
  return done(renderHelp({ appPullRequest: target.marker !== undefined, topic }));
}

function automergeSetting(
  config: Config,
  environment: string,
): { value: boolean | undefined; key: string } {
  const own = requirementOf(config, environment).automerge;
  if (own !== undefined) return { value: own, key: `environments.${environment}.automerge` };
  return {
    value: config.pullRequests.automerge[environment],
    key: `pullRequests.automerge.${environment}`,
  };
}

function automergeWanted(config: Config, environment: string): boolean {
  return automergeSetting(config, environment).value === true;
}
