/**
 * GraphQL documents the GitHub adapter sends. Each is validated against GitHub's schema in tests
 * (@octokit/graphql-schema), so a field GitHub does not have fails a test, not production.
 */

/**
 * With its decoration as GitHub holds it (labels, auto-merge and the merge state that decides
 * whether GitHub would accept it, requested and given reviews), so a bump knows what a PR lacks
 * without relying on the order its parts were applied in.
 */
const PULL_REQUEST_FIELDS = `
  id number title body state url mergedAt headRefName headRefOid isDraft mergeStateStatus
  author { login }
  labels(first: 30) { nodes { name } }
  autoMergeRequest { enabledAt }
  reviewRequests(first: 20) { nodes { requestedReviewer { ... on User { login } ... on Team { slug } } } }
  latestReviews(first: 20) { nodes { author { login } } }
  mergeCommit { oid statusCheckRollup { state } }
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state } } } }
`;

/**
 * One round trip for everything a bump needs to know about a repository: the default branch
 * head, files at exactly that commit, and for each bump branch its head and its recent PRs.
 * Files and branches are aliased fields (`f0`, `b0`, `p0`, ...) built per call.
 */
export function repoViewQuery(files: number, branches: number): string {
  const fileFields = Array.from(
    { length: files },
    (_, i) => `f${i}: file(path: $f${i}) { object { ... on Blob { text isBinary byteSize } } }`,
  ).join("\n          ");
  const branchFields = Array.from(
    { length: branches },
    (_, i) => `
      b${i}: ref(qualifiedName: $r${i}) { id name target { oid ... on Commit { author { name user { login } } } } }
      p${i}: pullRequests(headRefName: $h${i}, last: 10, states: [OPEN, CLOSED, MERGED]) { nodes { ${PULL_REQUEST_FIELDS} } }`,
  ).join("");
  const vars = [
    ...Array.from({ length: files }, (_, i) => `$f${i}: String!`),
    ...Array.from({ length: branches }, (_, i) => `$r${i}: String!, $h${i}: String!`),
  ];
  return `query RepoView($owner: String!, $name: String!${vars.length > 0 ? `, ${vars.join(", ")}` : ""}) {
  viewer { login }
  repository(owner: $owner, name: $name) {
    id
    nameWithOwner
    squashMergeCommitTitle
    defaultBranchRef {
      name
      target {
        oid
        ... on Commit {
          committedDate
          ${fileFields}
        }
      }
    }${branchFields}
  }
}`;
}

/** Blob texts at a commit, batched (the index build reads candidate files this way). */
export function readFilesQuery(files: number): string {
  const fields = Array.from(
    { length: files },
    (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { text isBinary byteSize } }`,
  ).join("\n    ");
  const vars = Array.from({ length: files }, (_, i) => `$e${i}: String!`).join(", ");
  return `query ReadFiles($owner: String!, $name: String!, ${vars}) {
  repository(owner: $owner, name: $name) {
    ${fields}
  }
}`;
}

/** New bump: branch from the base head, one verified commit on it, and the PR — serially, in one request. */
export const CREATE_BUMP = `mutation CreateBump(
  $repositoryId: ID!, $refName: String!, $baseOid: GitObjectID!, $branch: CommittableBranch!,
  $message: CommitMessage!, $changes: FileChanges!, $baseRefName: String!, $headRefName: String!,
  $title: String!, $body: String!
) {
  ref: createRef(input: { repositoryId: $repositoryId, name: $refName, oid: $baseOid }) { ref { id } }
  commit: createCommitOnBranch(input: { branch: $branch, expectedHeadOid: $baseOid, message: $message, fileChanges: $changes }) {
    commit { oid }
  }
  pr: createPullRequest(input: { repositoryId: $repositoryId, baseRefName: $baseRefName, headRefName: $headRefName, title: $title, body: $body }) {
    pullRequest { id number url }
  }
}`;

/** Newer tag for an existing bump branch: reset it to the base head (if nobody moved it), commit again, then open or update its PR. */
export function resetBumpMutation(existingPr: boolean): string {
  const pr = existingPr
    ? `pr: updatePullRequest(input: { pullRequestId: $pullRequestId, title: $title, body: $body }) { pullRequest { id number url } }`
    : `pr: createPullRequest(input: { repositoryId: $repositoryId, baseRefName: $baseRefName, headRefName: $headRefName, title: $title, body: $body }) { pullRequest { id number url } }`;
  const prVars = existingPr
    ? "$pullRequestId: ID!"
    : "$baseRefName: String!, $headRefName: String!";
  // updateRefs, not updateRef: the reset happens only if the branch is still at the head the bump
  // was planned on, so a push that lands in between is never thrown away.
  return `mutation ResetBump(
  $repositoryId: ID!, $refName: GitRefname!, $headOid: GitObjectID!, $baseOid: GitObjectID!,
  $branch: CommittableBranch!, $message: CommitMessage!, $changes: FileChanges!, $title: String!,
  $body: String!, ${prVars}
) {
  ref: updateRefs(input: { repositoryId: $repositoryId, refUpdates: [{ name: $refName, beforeOid: $headOid, afterOid: $baseOid, force: true }] }) { clientMutationId }
  commit: createCommitOnBranch(input: { branch: $branch, expectedHeadOid: $baseOid, message: $message, fileChanges: $changes }) {
    commit { oid }
  }
  ${pr}
}`;
}

export const ENABLE_AUTO_MERGE = `mutation EnableAutoMerge($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!) {
  enablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId, mergeMethod: $mergeMethod }) {
    pullRequest { id autoMergeRequest { enabledAt } }
  }
}`;

export const CLOSE_PULL_REQUEST = `mutation ClosePullRequest($pullRequestId: ID!, $subjectId: ID!, $comment: String!) {
  comment: addComment(input: { subjectId: $subjectId, body: $comment }) { clientMutationId }
  close: closePullRequest(input: { pullRequestId: $pullRequestId }) { pullRequest { id state } }
}`;
