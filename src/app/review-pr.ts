import type { FileProblem } from "../core/config/document.js";
import type { Config } from "../core/config/schema.js";
import { lint } from "../core/review/engine.js";
import { gateKeyPaths, gateTargets } from "../core/gates/changed-images.js";
import type { Finding, Severity } from "../core/review/finding.js";
import { compareFindings } from "../core/review/finding.js";
import { loadPolicies } from "../core/review/policy/load.js";
import { loadParams } from "../core/review/policy/run.js";
import { CHECK_NAME, renderCheckRun } from "../core/review/report/check-run.js";
import type { CheckConclusion } from "../core/review/report/conclusion.js";
import { planReview } from "../core/review/report/plan.js";
import { keyPaths, signatureTargets } from "../core/review/report/signature-targets.js";
import type { Clock } from "../ports/clock.js";
import type { PullRequestRef, ReviewHost, ReviewState } from "../ports/review-host.js";
import type { ScanStore } from "../ports/scan-store.js";
import { reviewGates } from "./review-gates.js";
import { pullRequestReader, readChangedFiles, readDefaultBranchFiles } from "./review-pr-inputs.js";
import { signatureFacts } from "./review-signatures.js";
import type { SignatureDeps } from "./review-signatures.js";

export interface ReviewTarget extends PullRequestRef {
  /** The head commit the event is about. */
  headSha: string;
}

export interface ReviewDeps extends Partial<SignatureDeps> {
  host: ReviewHost;
  clock: Clock;
  /** Base URL of docs/rules.md for the links in comments (default: the project's on GitHub). */
  docsUrl?: string;
  /** Registry scans (Harbor) the supply-chain gates read when an image has no vulnerability attestation. */
  scans?: ScanStore;
}

export type ReviewOutcome =
  | { kind: "skipped"; reason: "no-config" | "disabled" | "stale-head" }
  | { kind: "config-invalid"; checkRunId: number; problems: number }
  | {
      kind: "reviewed";
      checkRunId: number;
      conclusion: CheckConclusion;
      findings: number;
      /** `findings` by severity (the `bumpwarden_review_findings_total` metric counts these). */
      bySeverity: Record<Severity, number>;
      posted: number;
      kept: number;
      resolved: number;
      annotations: number;
      /** The head moved while reviewing: nothing was written to the PR besides the check run. */
      superseded: boolean;
    };

/**
 * Reviews one head commit of a pull request: lints the changed files (config, policies and keys
 * from the default branch), reconciles the findings with the app's existing threads, posts one
 * review with the new inline comments, resolves threads whose finding is gone, and reports the
 * `bumpwarden/review` check run. Idempotent: a second run on the same head posts nothing new.
 */
export async function reviewPullRequest(
  target: ReviewTarget,
  deps: ReviewDeps,
): Promise<ReviewOutcome> {
  const { host, clock } = deps;
  const loaded = await host.loadConfig(target);
  const config = loaded.ok ? loaded.value?.config : undefined;
  if (loaded.ok && !config) return { kind: "skipped", reason: "no-config" };
  if (config && !config.review.enabled) return { kind: "skipped", reason: "disabled" };
  const state = await host.reviewState(target);
  if (state.headOid !== target.headSha) return { kind: "skipped", reason: "stale-head" };
  const checkRunId = await host.createCheckRun(target, {
    name: CHECK_NAME,
    headSha: target.headSha,
    startedAt: clock.now(),
  });
  if (!loaded.ok || !config) {
    const problems = loaded.ok ? [] : loaded.error;
    await host.updateCheckRun(target, checkRunId, {
      conclusion: "failure",
      completedAt: clock.now(),
      ...configFailure(problems),
    });
    return { kind: "config-invalid", checkRunId, problems: problems.length };
  }
  try {
    return await review(target, deps, config, state, checkRunId);
  } catch (e) {
    // Never leave the check "in progress": say it failed and how to retry, then let the driver log.
    await host.updateCheckRun(target, checkRunId, {
      conclusion: "failure",
      completedAt: clock.now(),
      title: "The review could not finish",
      summary: `bumpwarden stopped on an error: ${e instanceof Error ? e.message : String(e)}\n\nRe-run this check to try again.`,
      annotations: [],
    });
    throw e;
  }
}

async function review(
  target: ReviewTarget,
  deps: ReviewDeps,
  config: Config,
  state: ReviewState,
  checkRunId: number,
): Promise<ReviewOutcome> {
  const { host, clock } = deps;
  const { draft, threads } = state;
  const inputs = await readChangedFiles(host, target, target.headSha);
  // Context files resolve what the changed ones name (an override's base); only added lines count.
  const scanned = [...inputs.changed, ...inputs.context];
  const targets = signatureTargets(scanned, inputs.diff, config);
  const gated = deps.registry ? gateTargets(scanned, inputs.diff, config) : [];
  const base = await readDefaultBranchFiles(
    pullRequestReader(host, target),
    state.defaultBranchOid,
    config,
    [...new Set([...keyPaths(targets), ...gateKeyPaths(gated)])],
  );
  const signatures =
    targets.length > 0 && deps.registry
      ? await signatureFacts(targets, base.keyTexts, {
          registry: deps.registry,
          trustedRoot: deps.trustedRoot,
        })
      : [];
  const result = lint(scanned, {
    config,
    policies: loadPolicies(base.policies),
    params: loadParams(base.policies).params,
    signatures,
  });
  const gates = deps.registry
    ? await reviewGates(
        gated,
        base.keyTexts,
        config,
        new Map(inputs.changed.map((f) => [f.path, f.text])),
        {
          registry: deps.registry,
          ...(deps.scans && { scans: deps.scans }),
          ...(deps.trustedRoot !== undefined && { trustedRoot: deps.trustedRoot }),
        },
      )
    : { findings: [], suppressed: [] };
  const reviewed = new Set(inputs.changed.map((f) => f.path));
  const mine = (f: Finding) => reviewed.has(f.file) || f.rule === "policy-invalid";
  const findings = [...result.findings.filter(mine), ...gates.findings].sort(compareFindings);

  const plan = planReview({
    findings,
    diff: inputs.diff,
    threads,
    maxInline: config.review.maxInlineComments,
    inline: !draft,
    ...(deps.docsUrl !== undefined && { docsUrl: deps.docsUrl }),
  });
  const notes: string[] = [];
  let annotations = plan.annotations;
  let posted = 0;
  let resolved = 0;
  const superseded =
    (plan.post.length > 0 || plan.resolve.length > 0) &&
    (await host.headOf(target)) !== target.headSha;
  if (superseded) {
    notes.push(
      "The pull request moved to a newer commit during this review; inline comments are left to its review.",
    );
    annotations = [...annotations, ...plan.post.map((c) => c.finding)];
  } else {
    if (plan.post.length > 0) {
      const created = await host.createReview(target, {
        commitId: target.headSha,
        body: `bumpwarden found ${plan.post.length} problem${plan.post.length === 1 ? "" : "s"} on the changed lines; the \`${CHECK_NAME}\` check lists all ${findings.length}.`,
        comments: plan.post.map((c) => ({
          path: c.path,
          line: c.line,
          ...(c.startLine !== undefined && { startLine: c.startLine }),
          body: c.body,
        })),
      });
      if (created.ok) posted = plan.post.length;
      else {
        notes.push(
          `GitHub refused the inline comments (${created.error}); they are annotations instead.`,
        );
        annotations = [...annotations, ...plan.post.map((c) => c.finding)];
      }
    }
    if (plan.resolve.length > 0) {
      await host.resolveThreads(plan.resolve);
      resolved = plan.resolve.length;
    }
  }

  const output = renderCheckRun({
    findings,
    annotations,
    mode: config.review.mode,
    inline: {
      posted,
      kept: plan.kept.length,
      resolved,
      overCap: plan.overCap,
      max: config.review.maxInlineComments,
      draft,
    },
    suppressed: [...result.suppressed.filter(mine), ...gates.suppressed],
    files: { reviewed: inputs.changed.length, skipped: [...inputs.skipped, ...base.problems] },
    notes,
    ...(deps.docsUrl !== undefined && { docsUrl: deps.docsUrl }),
  });
  const batches = output.batches.length > 0 ? output.batches : [[]];
  for (const [i, batch] of batches.entries()) {
    const last = i === batches.length - 1;
    await host.updateCheckRun(target, checkRunId, {
      title: output.title,
      summary: output.summary,
      annotations: batch,
      ...(last && { conclusion: output.conclusion, completedAt: clock.now() }),
    });
  }
  return {
    kind: "reviewed",
    checkRunId,
    conclusion: output.conclusion,
    findings: findings.length,
    bySeverity: countBySeverity(findings),
    posted,
    kept: plan.kept.length,
    resolved,
    annotations: output.batches.reduce((n, b) => n + b.length, 0),
    superseded,
  };
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function configFailure(problems: FileProblem[]): {
  title: string;
  summary: string;
  annotations: [];
} {
  const lines = problems
    .slice(0, 50)
    .map(
      (p) =>
        `- \`${p.file}${p.line ? `:${p.line}` : ""}\` ${p.path || "config"}: ${p.message} (expected ${p.expected}, got ${p.got})`,
    );
  return {
    title: "Configuration is invalid",
    summary: [
      "The configuration on the default branch is invalid, so this pull request was not reviewed.",
      "Fix it there (the `bumpwarden/config` check validates a pull request that changes it):",
      "",
      ...lines,
    ].join("\n"),
    annotations: [],
  };
}
