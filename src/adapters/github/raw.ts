/** Shapes of the GraphQL responses to documents.ts, as GitHub returns them. */
export interface RawBlob {
  text: string | null;
  isBinary: boolean | null;
  byteSize: number;
}

export interface RawBranchRef {
  id: string;
  name: string;
  target: {
    oid: string;
    author?: { name: string | null; user: { login: string } | null } | null;
  } | null;
}

export interface RawPullRequests {
  nodes: Array<{
    id: string;
    number: number;
    title: string;
    body: string;
    state: "OPEN" | "CLOSED" | "MERGED";
    url: string;
    mergedAt: string | null;
    headRefName: string;
    headRefOid: string;
    isDraft: boolean;
    mergeStateStatus?: string | null;
    author: { login: string } | null;
    labels: { nodes: Array<{ name: string }> };
    autoMergeRequest?: { enabledAt: string | null } | null;
    reviewRequests?: {
      nodes: Array<{ requestedReviewer: { login?: string; slug?: string } | null } | null>;
    };
    latestReviews?: { nodes: Array<{ author: { login: string } | null } | null> };
    mergeCommit: { oid: string; statusCheckRollup: { state: string } | null } | null;
    commits: {
      nodes: Array<{ commit: { oid: string; statusCheckRollup: { state: string } | null } }>;
    };
  }>;
}

export interface RawRepoView {
  viewer: { login: string };
  repository: {
    id: string;
    nameWithOwner: string;
    squashMergeCommitTitle?: "PR_TITLE" | "COMMIT_OR_PR_TITLE";
    defaultBranchRef: { name: string; target: { oid: string; [alias: string]: unknown } } | null;
    [alias: string]: unknown;
  };
}
