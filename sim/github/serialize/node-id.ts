/** GraphQL global IDs: a GitHub-like type prefix and an opaque payload naming the record. */
export type NodeKind =
  | "Repository"
  | "PullRequest"
  | "Issue"
  | "IssueComment"
  | "PullRequestReview"
  | "PullRequestReviewComment"
  | "PullRequestReviewThread"
  | "Label"
  | "Ref"
  | "User"
  | "Bot"
  | "Organization"
  | "CheckRun"
  | "CheckSuite"
  | "Installation"
  | "WorkflowRun"
  | "Artifact";

const PREFIX: Record<NodeKind, string> = {
  Repository: "R",
  PullRequest: "PR",
  Issue: "I",
  IssueComment: "IC",
  PullRequestReview: "PRR",
  PullRequestReviewComment: "PRRC",
  PullRequestReviewThread: "PRRT",
  Label: "LA",
  Ref: "REF",
  User: "U",
  Bot: "BOT",
  Organization: "O",
  CheckRun: "CR",
  CheckSuite: "CS",
  Installation: "MDI",
  WorkflowRun: "WFR",
  Artifact: "MDEw",
};

const KIND = new Map(Object.entries(PREFIX).map(([k, v]) => [v, k as NodeKind]));

/** `key` is a record id, or "repoId:refName" for refs. */
export function nodeId(kind: NodeKind, key: number | string): string {
  return `${PREFIX[kind]}_kwDO${Buffer.from(String(key)).toString("base64url")}`;
}

export function parseNodeId(id: string): { kind: NodeKind; key: string } | undefined {
  const m = /^([A-Z]+)_kwDO([A-Za-z0-9_-]+)$/.exec(id);
  const kind = m ? KIND.get(m[1] as string) : undefined;
  if (!m || !kind) return undefined;
  return { kind, key: Buffer.from(m[2] as string, "base64url").toString("utf8") };
}
