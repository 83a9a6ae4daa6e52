import type { SimState } from "./state.js";
import type { IssueRecord, LabelRecord, RepoRecord } from "./types.js";

/** The repository's label of that name, created (grey) on first use as GitHub does when labelling. */
export function ensureLabel(state: SimState, repo: RepoRecord, name: string): LabelRecord {
  const key = name.toLowerCase();
  let label = repo.labels.get(key);
  if (!label) {
    label = { id: state.nextId(), name, color: "ededed", description: null };
    repo.labels.set(key, label);
  }
  return label;
}

export function addLabels(
  state: SimState,
  repo: RepoRecord,
  issue: IssueRecord,
  names: string[],
): void {
  for (const name of names) {
    const label = ensureLabel(state, repo, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase()))
      issue.labels.push(label.name);
  }
  issue.updatedAt = state.timestamp();
}

export function createIssue(
  state: SimState,
  repo: RepoRecord,
  input: {
    title: string;
    body: string | null;
    user: IssueRecord["user"];
    labels: string[];
    assignees: string[];
  },
): IssueRecord {
  const now = state.timestamp();
  const issue: IssueRecord = {
    number: repo.nextNumber++,
    id: state.nextId(),
    title: input.title,
    body: input.body,
    state: "open",
    stateReason: null,
    user: input.user,
    labels: [],
    assignees: input.assignees.map((a) => state.user(a)),
    isPull: false,
    reactions: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  repo.issues.set(issue.number, issue);
  addLabels(state, repo, issue, input.labels);
  return issue;
}

/** GitHub's 65,536-character limit on issue, PR and comment bodies. */
export const BODY_LIMIT = 65536;
