import { RETRY_LABEL } from "../../core/dashboard/labels.js";
import { displayImage } from "../../core/pr/title.js";
import type { BumpMarker } from "../../core/pr/marker.js";
import type { BumpOutcome, EnvOutcome } from "../bump-repo.js";
import type { CommandEnv, CommandResult, CommandTarget } from "./types.js";
import { done, failed } from "./types.js";

type Tagged = BumpMarker & { tag: string };

function tagged(marker: BumpMarker | undefined): Tagged | null {
  return marker && marker.tag !== null ? (marker as Tagged) : null;
}

/** `/rebase`: the same bump written again as one fresh commit on the current base branch. */
export async function rebase(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  const m = tagged(target.marker);
  if (!m)
    return failed("This pull request proposes a digest without a tag, so I cannot write it again.");
  if (target.pr.state !== "OPEN")
    return failed("This pull request is not open; use `/recreate` to propose it again.");
  const outcome = await env.bump(request(m, { rewrite: "rebase" }));
  return rewritten(outcome, m, target);
}

/**
 * `/recreate`: like `/rebase`, also over commits someone else pushed to the branch; on a PR
 * closed without merging, it lifts the decline and opens the bump again.
 */
export async function recreate(target: CommandTarget, env: CommandEnv): Promise<CommandResult> {
  const m = tagged(target.marker);
  if (!m)
    return failed("This pull request proposes a digest without a tag, so I cannot write it again.");
  if (target.pr.state === "MERGED") return failed("This pull request is merged already.");
  if (target.pr.state === "CLOSED" && !target.pr.labels.includes(RETRY_LABEL))
    await env.conversation.addLabel(env.repo, target.pr.number, RETRY_LABEL);
  const outcome = await env.bump(request(m, { rewrite: "recreate" }));
  return rewritten(outcome, m, target);
}

/** `/promote <env>`: the same tag proposed to another environment now, its `requires` waived. */
export async function promote(
  environment: string,
  target: CommandTarget,
  env: CommandEnv,
): Promise<CommandResult> {
  const m = tagged(target.marker);
  if (!m)
    return failed(
      "This pull request proposes a digest without a tag, so there is nothing to promote.",
    );
  const known = Object.keys(env.config.config.environments ?? {});
  if (known.length > 0 && !known.includes(environment))
    return failed(
      `There is no environment \`${environment}\`; the configured ones are ${known.map((e) => `\`${e}\``).join(", ")}.`,
    );
  if (environment === m.env)
    return failed(`This pull request already proposes \`${m.tag}\` to ${environment}.`);
  const outcome = await env.bump(request(m, { force: environment, only: [environment] }));
  if (outcome.configError) return failed(configMessage(outcome.configError));
  const o = outcome.outcomes.find((x) => x.environment === environment);
  const image = `\`${displayImage(m.image)}\``;
  if (!o)
    return failed(
      `${image} is not used in ${environment} on the default branch, so there is nothing to promote.`,
    );
  if ((o.kind === "open" || o.kind === "update") && o.pullRequest)
    return done(`Promoting ${image} \`${m.tag}\` to ${environment} in #${o.pullRequest.number}.`);
  if (o.kind === "unchanged" && o.pullRequest)
    return done(
      `#${o.pullRequest.number} already promotes ${image} \`${m.tag}\` to ${environment}.`,
    );
  return failed(`I did not promote ${image} \`${m.tag}\` to ${environment}: ${o.why ?? o.kind}.`);
}

function request(
  m: Tagged,
  extra: { rewrite?: "rebase" | "recreate"; force?: string; only?: string[] },
) {
  return { repository: m.image, tag: m.tag, digest: m.digest, only: [m.env], ...extra };
}

function rewritten(outcome: BumpOutcome, m: Tagged, target: CommandTarget): CommandResult {
  if (outcome.configError) return failed(configMessage(outcome.configError));
  const o: EnvOutcome | undefined = outcome.outcomes.find((x) => x.environment === m.env);
  const image = `\`${displayImage(m.image)}\``;
  if (!o)
    return failed(
      `${image} is no longer used in ${m.env} on the default branch, so there is nothing to write.`,
    );
  if (o.kind === "update" || o.kind === "close") return done();
  if (o.kind === "open" && o.pullRequest)
    return done(
      o.pullRequest.number === target.pr.number
        ? null
        : `Proposed ${image} \`${m.tag}\` again in #${o.pullRequest.number}.`,
    );
  return failed(`I left the branch as it is: ${o.why ?? o.kind}.`);
}

function configMessage(error: string): string {
  return `\`.github/bumpwarden.yml\` on the default branch is invalid, so I changed nothing: ${error}`;
}
