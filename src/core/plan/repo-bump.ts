import { RETRY_LABEL } from "../dashboard/labels.js";
import { isIgnored } from "../dashboard/rules.js";
import { environmentMap } from "../environments/index.js";
import type { Reference } from "../formats/types.js";
import { formatBranch } from "../pr/branch.js";
import { renderBumpBody } from "../pr/body.js";
import { parseMarker } from "../pr/marker.js";
import { displayImage, formatBumpTitle } from "../pr/title.js";
import { compareTags } from "../scan/compare-tags.js";
import { planBump } from "../scan/plan-bump.js";
import { scanFiles } from "../scan/scan-files.js";
import { acceptTag } from "./accept-tag.js";
import { configIgnore } from "./config-ignore.js";
import { decorationSteps } from "./decoration.js";
import { imageRuleFor } from "./image-rule.js";
import { promotionOrder, promotionReadiness, requirementOf } from "./promotion.js";
import { reviewEdits } from "./review-edits.js";
import type { BranchState, EnvAction, RepoBumpInput, RepoBumpPlan } from "./types.js";

/** Label that freezes a bump PR: no updates, no auto-merge (`/hold`). */
export const HOLD_LABEL = "bumpwarden:hold";

const NO_BRANCH: BranchState = { exists: false, headAuthor: null, pullRequests: [] };

/**
 * What to do in one repository for a pushed image: per environment, in promotion order, open or
 * update a bump PR, leave it, close it, or skip with a reason. Pure: the caller gathered the files,
 * the branches' PRs and the registry's evidence.
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

    if (open?.labels.includes(HOLD_LABEL)) {
      skip("held", `#${open.number} is on hold (/unhold to resume)`);
      continue;
    }
    if (rule?.allowIn && !rule.allowIn.includes(environment)) {
      skip(
        "not-allowed",
        `${displayImage(repository)} is allowed only in ${rule.allowIn.join(", ")}`,
      );
      continue;
    }
    const ignored = isIgnored(input.ignores ?? [], { repository, environment, tag, current });
    if (ignored) {
      skip("ignored", ignored);
      continue;
    }
    const configured = configIgnore(rule?.ignore, tag);
    if (configured !== undefined) {
      skip(
        "ignored",
        `${tag} matches "${configured}" in images[].ignore of .github/bumpwarden.yml`,
      );
      continue;
    }
    const closed = state.pullRequests.find(
      (pr) =>
        pr.state === "CLOSED" &&
        !pr.labels.includes(RETRY_LABEL) &&
        sameProposal(pr.body, tag, digest),
    );
    if (closed) {
      skip(
        "ignored",
        `${tag} was declined in #${closed.number} (closed without merging); /unignore to propose it again`,
      );
      continue;
    }
    const verdict =
      current === tag
        ? { accept: true, why: `${tag} is deployed; its digest may move.` }
        : acceptTag(rule?.policy, tag, current, input.evidence.commits);
    if (!verdict.accept) {
      skip("policy", verdict.why);
      continue;
    }
    // Events arrive out of order (retries, redeliveries, reconcile): never move an open PR back.
    const proposed = open ? parseMarker(open.body)?.tag : undefined;
    if (
      open &&
      proposed &&
      proposed !== tag &&
      !acceptTag(rule?.policy, tag, proposed, input.evidence.commits).accept
    ) {
      skip("policy", `#${open.number} already proposes ${proposed}, newer than ${tag}`);
      continue;
    }
    if (rule?.verify?.cosign && input.evidence.signature?.verified !== true) {
      skip(
        "unverified",
        `signature not verified: ${input.evidence.signature?.reason ?? "no verification result"}`,
      );
      continue;
    }
    const blocking = (input.evidence.gates?.[environment] ?? []).filter(
      (g) => g.result === "block",
    );
    if (blocking.length > 0) {
      skip("gated", blocking.map((g) => `${g.gate}: ${g.reason}`).join("; "));
      continue;
    }
    const requirement = requirementOf(config, environment);
    if (requirement.requires && input.force !== environment) {
      const history = (input.branches[branchOf(requirement.requires)] ?? NO_BRANCH).pullRequests;
      const ready = promotionReadiness(
        tag,
        requirement.requires,
        history,
        requirement.soakMs,
        input.now,
      );
      if (!ready.ready) {
        skip("waiting", ready.why, ready.readyAt ? { readyAt: ready.readyAt } : {});
        continue;
      }
    }

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
    const review = config.review.enabled
      ? reviewEdits(bump.value.files, bump.value.edits, config)
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
      why: verdict.why,
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

const COMMANDS = [
  "`/rebase` recreate the commit on the current base branch",
  "`/ignore this version` · `/ignore this major|minor|patch` · `/ignore image` stop proposing it",
  "`/hold` · `/unhold` freeze this PR (no updates, no auto-merge)",
  "`/promote <env>` propose this tag to the next environment now",
  "`/merge` enable auto-merge · `/lint` review again · `/help`",
];

/** True when a PR body's marker proposes exactly this tag and digest. */
function sameProposal(body: string, tag: string, digest: string | null): boolean {
  const marker = parseMarker(body);
  return (
    marker !== undefined && marker.tag === tag && (digest === null || marker.digest === digest)
  );
}

function newestTag(refs: readonly Reference[]): string | null {
  let best: string | null = null;
  for (const r of refs) {
    if (r.tag === null) continue;
    if (best === null || (compareTags(best, r.tag) ?? 0) < 0) best = r.tag;
  }
  return best;
}

function promotionState(env: string, self: string, state: BranchState, tag: string): string {
  if (env === self) return "this PR";
  const pr = state.pullRequests.find(
    (p) => parseMarker(p.body)?.tag === tag && p.state !== "CLOSED",
  );
  if (!pr) return "pending";
  return pr.state === "MERGED" ? `merged #${pr.number}` : `open #${pr.number}`;
}

function commitBody(
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
