import { environmentMap } from "../environments/index.js";
import type { Reference } from "../formats/types.js";
import { formatBranch } from "../pr/branch.js";
import { renderBumpBody } from "../pr/body.js";
import { displayImage, formatBumpTitle } from "../pr/title.js";
import { compareTags } from "../scan/compare-tags.js";
import { planBump } from "../scan/plan-bump.js";
import { scanFiles } from "../scan/scan-files.js";
import { COMMANDS, commitBody, promotionState } from "./bump-text.js";
import { decorationSteps } from "./decoration.js";
import { guardEnvironment, HOLD_LABEL, NO_BRANCH, sameProposal } from "./env-guards.js";
import { imageRuleFor } from "./image-rule.js";
import { promotionOrder } from "./promotion.js";
import { reviewEdits } from "./review-edits.js";
import type { EnvAction, RepoBumpInput, RepoBumpPlan } from "./types.js";

/** Label that freezes a bump PR: no updates, no auto-merge (`/hold`). */
export { HOLD_LABEL };

/**
 * What to do in one repository for a pushed image: per environment, in promotion order, open or
 * update a bump PR, leave it, close it, or skip with a reason (whether the tag may go there at
 * all: env-guards.ts; the PR's texts: bump-text.ts). Pure: the caller gathered the files, the
 * branches' PRs and the registry's evidence.
 */
export function planRepoBump(input: RepoBumpInput): RepoBumpPlan {
  const { config, repository, tag, digest } = input;
  const envs = environmentMap(config.environments);
  const needle = repository.slice(repository.lastIndexOf("/") + 1);
  const scan = scanFiles(input.files, { environments: envs, mentions: [needle] });
  const refs = scan.references.filter((r) => r.repository === repository);
  const present = new Set(refs.flatMap((r) => r.environments));
  const order = promotionOrder(config, present).filter(
    (e) => !input.only || input.only.includes(e),
  );
  const rule = imageRuleFor(config, repository);
  const branchOf = (environment: string) =>
    formatBranch({ prefix: config.pullRequests.branchPrefix, environment, repository });
  const plan: RepoBumpPlan = { repository, tag, actions: [], warnings: [] };

  for (const environment of order) {
    const branch = branchOf(environment);
    const state = input.branches[branch] ?? NO_BRANCH;
    const open = state.pullRequests.find((pr) => pr.state === "OPEN") ?? null;
    const skip = (
      s: Extract<EnvAction, { kind: "skip" }>["state"],
      why: string,
      extra: { readyAt?: Date } = {},
    ) => plan.actions.push({ kind: "skip", environment, branch, state: s, why, ...extra });
    const current = newestTag(refs.filter((r) => r.environments.includes(environment)));

    const guard = guardEnvironment({
      input,
      environment,
      state,
      open,
      current,
      rule,
      branchOf,
    });
    if (guard.kind === "skip") {
      skip(guard.state, guard.why, guard.readyAt ? { readyAt: guard.readyAt } : {});
      continue;
    }
    const { requirement } = guard;

    const bump = planBump(
      input.files,
      { repository, tag, digest: digest ?? undefined, env: environment },
      { environments: envs },
    );
    if (!bump.ok) {
      skip("unplannable", bump.error.message);
      continue;
    }
    plan.warnings.push(...bump.value.warnings);
    if (bump.value.edits.length === 0) {
      if (open && sameProposal(open.body, tag, digest))
        plan.actions.push({
          kind: "close",
          environment,
          branch,
          pullRequest: open,
          comment: `${displayImage(repository)} is already at \`${tag}\` in ${environment} on the base branch; closing as obsolete.`,
        });
      else skip("up-to-date", `${environment} already uses ${tag}`);
      continue;
    }
    const bases = new Set(bump.value.references.flatMap((r) => r.base ?? []));
    const review = config.review.enabled
      ? reviewEdits(bump.value.files, bump.value.edits, config, {
          context: input.files.filter((f) => bases.has(f.path)),
          policies: input.policies,
        })
      : null;
    const decoration = {
      labels: [...new Set([...config.pullRequests.labels, ...requirement.labels])],
      reviewers: [...new Set([...config.pullRequests.reviewers, ...requirement.reviewers])],
      // The app's own review of the change must pass before GitHub may merge it unattended.
      automerge:
        (requirement.automerge ?? config.pullRequests.automerge[environment] ?? false) &&
        (review === null || review.outcome !== "failure"),
    };
    const wanted = { ...decoration, teamReviewers: config.pullRequests.teamReviewers };
    if (
      open &&
      sameProposal(open.body, tag, digest) &&
      state.headAuthor === input.botLogin &&
      !input.rewrite
    ) {
      const redecorate = decorationSteps(open, wanted, false);
      plan.actions.push({
        kind: "unchanged",
        environment,
        branch,
        pullRequest: open,
        why: `#${open.number} already proposes ${tag}`,
        ...(redecorate && { redecorate }),
      });
      continue;
    }
    if (
      state.exists &&
      state.headAuthor !== null &&
      state.headAuthor !== input.botLogin &&
      input.rewrite !== "recreate"
    ) {
      skip(
        "edited",
        `${branch} has commits by ${state.headAuthor}; bumpwarden does not overwrite them (/recreate to start over)`,
      );
      continue;
    }

    const from = [
      ...new Set(
        bump.value.edits
          .filter((e) => e.field === "tag" && e.from !== null)
          .map((e) => e.from as string),
      ),
    ];
    const digestOnly = from.length === 0 && bump.value.edits.every((e) => e.field === "digest");
    const title = formatBumpTitle(
      { repository, tag, digest, environment, digestOnly },
      {
        type: config.pullRequests.commitType,
        scope: config.pullRequests.commitScope,
        digestType: config.pullRequests.digestCommitType,
      },
    );
    const body = renderBumpBody({
      image: repository,
      environment,
      from,
      tag,
      digest,
      changes: bump.value.edits.map((e) => ({
        file: e.file,
        line: e.line,
        from: e.from ?? "(none)",
        to: e.to,
      })),
      why: guard.why,
      ...(input.evidence.signature && { signature: input.evidence.signature }),
      ...(input.evidence.source && {
        source: {
          url: input.evidence.source.url,
          ...(input.evidence.revisions?.[from[0] ?? ""] && {
            fromRevision: input.evidence.revisions[from[0] ?? ""],
          }),
          ...(input.evidence.source.revision && { toRevision: input.evidence.source.revision }),
        },
      }),
      promotion: order.map((e) => ({
        environment: e,
        state: promotionState(e, environment, input.branches[branchOf(e)] ?? NO_BRANCH, tag),
      })),
      gates: input.evidence.gates?.[environment] ?? [],
      ...(review && { review: { conclusion: review.conclusion, lines: review.lines } }),
      warnings: bump.value.warnings
        .filter((w) => ["shared-anchor", "shared-file", "shared-value"].includes(w.code))
        .map((w) => `${w.file}:${w.line ?? ""} ${w.message}`),
      commands: COMMANDS,
    });
    plan.actions.push({
      kind: open ? "update" : "open",
      environment,
      branch,
      title,
      body,
      message: {
        headline: title,
        body: commitBody(repository, from, tag, environment, bump.value.edits.length),
      },
      files: bump.value.files,
      edits: bump.value.edits,
      pullRequest: open,
      ...decoration,
      decorate: decorationSteps(open, wanted, true),
    });
  }
  return plan;
}

function newestTag(refs: readonly Reference[]): string | null {
  let best: string | null = null;
  for (const r of refs) {
    if (r.tag === null) continue;
    if (best === null || (compareTags(best, r.tag) ?? 0) < 0) best = r.tag;
  }
  return best;
}
