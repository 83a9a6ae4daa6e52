import { err, ok, type Result } from "../../../src/core/result.js";
import type { SimFailure } from "../errors.js";
import type { SimState } from "./state.js";
import type {
  Annotation,
  CheckRunRecord,
  CheckSuiteRecord,
  RepoRecord,
  StatusRecord,
} from "./types.js";

export interface CheckOutputInput {
  title?: string | undefined;
  summary?: string | undefined;
  text?: string | undefined;
  annotations?: Annotation[] | undefined;
}

const MAX_TEXT = 65535;

/** GitHub's limits on a check run output, checked per request. */
export function checkOutputLimits(output: CheckOutputInput | undefined): Result<void, SimFailure> {
  if (!output) return ok(undefined);
  const n = output.annotations?.length ?? 0;
  if (n > 50) {
    return err({
      status: 422,
      message: `Invalid request.\n\nNo more than 50 items are allowed; ${n} were supplied.`,
    });
  }
  for (const field of ["summary", "text"] as const) {
    const value = output[field];
    if (value === undefined) continue;
    if (value.length > MAX_TEXT) {
      return err({
        status: 422,
        message: `Invalid request.\n\nOnly ${MAX_TEXT} characters are allowed; ${value.length} were supplied.`,
      });
    }
    if (Buffer.byteLength(value) > MAX_TEXT) {
      return err({
        status: 422,
        message: "Validation Failed",
        errors: [
          {
            resource: "CheckRun",
            code: "custom",
            field,
            message: `${field} exceeds a maximum bytesize of ${MAX_TEXT}`,
          },
        ],
      });
    }
  }
  return ok(undefined);
}

/** The app's check suite for a commit, created with its first check run as GitHub does. */
export function suiteFor(
  state: SimState,
  repo: RepoRecord,
  appId: number,
  headSha: string,
): CheckSuiteRecord {
  for (const s of repo.checkSuites.values())
    if (s.appId === appId && s.headSha === headSha) return s;
  let headBranch: string | null = null;
  for (const [ref, sha] of repo.refs) {
    if (sha === headSha && ref.startsWith("refs/heads/"))
      headBranch = ref.slice("refs/heads/".length);
  }
  const suite: CheckSuiteRecord = { id: state.nextId(), appId, headSha, headBranch };
  repo.checkSuites.set(suite.id, suite);
  return suite;
}

export function suiteRuns(repo: RepoRecord, suite: CheckSuiteRecord): CheckRunRecord[] {
  return [...repo.checkRuns.values()].filter((r) => r.suiteId === suite.id);
}

const RANK = [
  "action_required",
  "cancelled",
  "timed_out",
  "failure",
  "stale",
  "neutral",
  "skipped",
  "success",
];

/** A suite's status and conclusion, derived from its runs (worst conclusion wins). */
export function suiteOutcome(runs: CheckRunRecord[]): {
  status: string;
  conclusion: string | null;
} {
  if (runs.length === 0) return { status: "queued", conclusion: null };
  if (runs.some((r) => r.status !== "completed")) {
    return {
      status: runs.some((r) => r.status === "in_progress") ? "in_progress" : "queued",
      conclusion: null,
    };
  }
  const worst = runs
    .map((r) => RANK.indexOf(r.conclusion ?? "neutral"))
    .reduce((a, b) => Math.min(a, b), RANK.length - 1);
  return { status: "completed", conclusion: RANK[worst] ?? "neutral" };
}

/** The latest status per context and the combined state, as GET …/commits/{ref}/status reports. */
export function combinedStatus(
  repo: RepoRecord,
  sha: string,
): { state: string; statuses: StatusRecord[] } {
  const latest = new Map<string, StatusRecord>();
  for (const s of repo.statuses) if (s.sha === sha) latest.set(s.context, s);
  const statuses = [...latest.values()];
  let state = "success";
  if (statuses.length === 0 || statuses.some((s) => s.state === "pending")) state = "pending";
  if (statuses.some((s) => s.state === "failure" || s.state === "error")) state = "failure";
  return { state, statuses };
}

/** True when every check run and status on a commit passed, and there is at least one. */
export function allGreen(repo: RepoRecord, sha: string): boolean {
  const runs = [...repo.checkRuns.values()].filter((r) => r.headSha === sha);
  const { state, statuses } = combinedStatus(repo, sha);
  if (runs.length === 0 && statuses.length === 0) return false;
  const runsOk = runs.every(
    (r) =>
      r.status === "completed" && ["success", "neutral", "skipped"].includes(r.conclusion ?? ""),
  );
  return runsOk && (statuses.length === 0 || state === "success");
}
