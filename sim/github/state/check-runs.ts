import { err, ok, type Result } from "../../../src/core/result.js";
import type { SimFailure } from "../errors.js";
import { runAutoMerge } from "./automerge.js";
import { checkOutputLimits, suiteFor, type CheckOutputInput } from "./checks.js";
import type { SimState } from "./state.js";
import type { CheckRunRecord, RepoRecord } from "./types.js";

export interface CheckRunInput {
  name?: string | undefined;
  headSha?: string | undefined;
  status?: string | undefined;
  conclusion?: string | undefined;
  startedAt?: string | undefined;
  completedAt?: string | undefined;
  detailsUrl?: string | undefined;
  externalId?: string | undefined;
  output?: CheckOutputInput | undefined;
  actions?: unknown[] | undefined;
}

const invalid = (message: string): SimFailure => ({
  status: 422,
  message: `Invalid request.\n\n${message}`,
});

/** Applies create/update fields to a run; annotations are appended, as the Checks API does. */
function apply(state: SimState, run: CheckRunRecord, input: CheckRunInput): void {
  if (input.name !== undefined) run.name = input.name;
  if (input.detailsUrl !== undefined) run.detailsUrl = input.detailsUrl;
  if (input.externalId !== undefined) run.externalId = input.externalId;
  if (input.startedAt !== undefined) run.startedAt = input.startedAt;
  if (input.actions !== undefined) run.actions = input.actions;
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion;
    run.status = "completed";
  } else if (input.status !== undefined) run.status = input.status;
  if (run.status === "completed")
    run.completedAt = input.completedAt ?? run.completedAt ?? state.timestamp();
  if (input.output) {
    if (input.output.title !== undefined) run.output.title = input.output.title;
    if (input.output.summary !== undefined) run.output.summary = input.output.summary;
    if (input.output.text !== undefined) run.output.text = input.output.text;
    run.output.annotations.push(...(input.output.annotations ?? []));
  }
}

export function createCheckRun(
  state: SimState,
  repo: RepoRecord,
  appId: number,
  input: CheckRunInput,
): Result<CheckRunRecord, SimFailure> {
  const limits = checkOutputLimits(input.output);
  if (!limits.ok) return limits;
  if (!input.name) return err(invalid(`"name" wasn't supplied.`));
  if (!input.headSha || repo.git.type(input.headSha) !== "commit")
    return err({ status: 422, message: `No commit found for SHA: ${input.headSha ?? ""}` });
  if ((input.status === "completed" || input.completedAt) && !input.conclusion)
    return err(invalid("conclusion is required when status is completed"));
  if (input.output && (input.output.title === undefined || input.output.summary === undefined))
    return err(invalid("output requires a title and a summary"));
  const run: CheckRunRecord = {
    id: state.nextId(),
    appId,
    suiteId: suiteFor(state, repo, appId, input.headSha).id,
    name: input.name,
    headSha: input.headSha,
    status: "queued",
    conclusion: null,
    startedAt: state.timestamp(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null, annotations: [] },
    actions: [],
  };
  apply(state, run, input);
  repo.checkRuns.set(run.id, run);
  runAutoMerge(state, repo);
  return ok(run);
}

export function updateCheckRun(
  state: SimState,
  repo: RepoRecord,
  run: CheckRunRecord,
  input: CheckRunInput,
): Result<CheckRunRecord, SimFailure> {
  const limits = checkOutputLimits(input.output);
  if (!limits.ok) return limits;
  if (input.status === "completed" && !input.conclusion && !run.conclusion)
    return err(invalid("conclusion is required when status is completed"));
  apply(state, run, input);
  runAutoMerge(state, repo);
  return ok(run);
}
