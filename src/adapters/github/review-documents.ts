/** GraphQL documents of the pull-request review (validated against GitHub's schema in tests). */

/** The PR's head, draft state, the default branch head, and one page of review threads. */
export const REVIEW_STATE = `query ReviewState($owner: String!, $name: String!, $number: Int!, $after: String) {
  viewer { login }
  repository(owner: $owner, name: $name) {
    defaultBranchRef { target { oid } }
    pullRequest(number: $number) {
      headRefOid
      isDraft
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          line
          comments(first: 1) { nodes { body author { login } } }
        }
      }
    }
  }
}`;

export interface RawReviewState {
  viewer: { login: string };
  repository: {
    defaultBranchRef: { target: { oid: string } | null } | null;
    pullRequest: {
      headRefOid: string;
      isDraft: boolean;
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{
          id: string;
          isResolved: boolean;
          line: number | null;
          comments: { nodes: Array<{ body: string; author: { login: string } | null }> };
        }>;
      };
    } | null;
  } | null;
}

/** Resolves up to `count` threads in one request (`$t0`, `$t1`, ...). */
export function resolveThreadsMutation(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$t${i}: ID!`).join(", ");
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`,
  ).join("\n  ");
  return `mutation ResolveThreads(${vars}) {\n  ${fields}\n}`;
}
