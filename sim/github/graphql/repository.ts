import { nodeId } from "../serialize/node-id.js";
import { repoHtml } from "../serialize/urls.js";
import { permissionOf } from "../routes/repos.js";
import type { RepoRecord } from "../state/types.js";
import { connection, gqlFail, viewer, type GqlContext, type PageArgs } from "./context.js";
import { actorNode, gitObjectNode, labelNode, resolveExpression, type Node } from "./objects.js";
import { issueNode, pullRequestNode } from "./pull-request.js";

const qualify = (name: string): string => (name.startsWith("refs/") ? name : `refs/heads/${name}`);

export function refNode(ctx: GqlContext, repo: RepoRecord, qualified: string): Node | null {
  const oid = repo.refs.get(qualified);
  if (!oid) return null;
  const slash = qualified.indexOf("/", 5);
  const name = qualified.slice(slash + 1);
  return {
    __typename: "Ref",
    id: nodeId("Ref", `${repo.id}:${qualified}`),
    name,
    prefix: qualified.slice(0, slash + 1),
    target: () => gitObjectNode(ctx, repo, oid),
    repository: () => repositoryNode(ctx, repo),
    branchProtectionRule: null,
    associatedPullRequests: (args: PageArgs & { states?: string[] | null }) => {
      const pulls = [...repo.pulls.values()].filter(
        (p) => p.head === name && qualified.startsWith("refs/heads/"),
      );
      const nodes = pulls
        .map((p) => pullRequestNode(ctx, repo, p))
        .filter((n) => !args.states || args.states.includes(String(n["state"])));
      return connection(nodes, args);
    },
  };
}

interface ListArgs extends PageArgs {
  states?: string[] | null;
  labels?: string[] | null;
  headRefName?: string | null;
  baseRefName?: string | null;
}

export function repositoryNode(ctx: GqlContext, repo: RepoRecord): Node {
  const { permission, role } = permissionOf(repo, viewer(ctx).login);
  return {
    __typename: "Repository",
    id: nodeId("Repository", repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: actorNode(ctx, repo.owner),
    isPrivate: repo.private,
    visibility: repo.private ? "PRIVATE" : "PUBLIC",
    isArchived: false,
    url: repoHtml(ctx.urls, repo),
    viewerPermission:
      ctx.caller.kind === "installation"
        ? "WRITE"
        : permission === "none"
          ? null
          : role.toUpperCase(),
    autoMergeAllowed: true,
    mergeCommitAllowed: repo.settings.allowMergeCommit,
    squashMergeAllowed: repo.settings.allowSquashMerge,
    rebaseMergeAllowed: repo.settings.allowRebaseMerge,
    squashMergeCommitTitle: repo.settings.squashMergeCommitTitle,
    squashMergeCommitMessage: repo.settings.squashMergeCommitMessage,
    deleteBranchOnMerge: false,
    defaultBranchRef: () => refNode(ctx, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refNode(ctx, repo, qualify(qualifiedName)),
    refs: (args: PageArgs & { refPrefix: string; query?: string | null }) => {
      const names = [...repo.refs.keys()]
        .filter(
          (r) =>
            r.startsWith(args.refPrefix) &&
            (!args.query || r.slice(args.refPrefix.length).includes(args.query)),
        )
        .sort();
      return connection(
        names.map((r) => refNode(ctx, repo, r)),
        args,
      );
    },
    object: ({ expression, oid }: { expression?: string | null; oid?: string | null }) => {
      const sha = oid ?? (expression ? resolveExpression(repo, expression) : undefined);
      return sha ? gitObjectNode(ctx, repo, sha) : null;
    },
    pullRequest: ({ number }: { number: number }) => {
      const pr = repo.pulls.get(number);
      return pr
        ? pullRequestNode(ctx, repo, pr)
        : gqlFail("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${number}.`);
    },
    pullRequests: (args: ListArgs) => {
      const nodes = [...repo.pulls.values()]
        .filter(
          (p) =>
            (!args.headRefName || p.head === args.headRefName) &&
            (!args.baseRefName || p.base === args.baseRefName),
        )
        .map((p) => pullRequestNode(ctx, repo, p))
        .filter((n) => !args.states || args.states.includes(String(n["state"])))
        .filter((n) => !args.labels || hasLabels(repo, Number(n["number"]), args.labels));
      return connection(nodes, args);
    },
    issue: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      return issue && !issue.isPull
        ? issueNode(ctx, repo, issue)
        : gqlFail("NOT_FOUND", `Could not resolve to an Issue with the number of ${number}.`);
    },
    issues: (args: ListArgs) => {
      const nodes = [...repo.issues.values()]
        .filter(
          (i) =>
            !i.isPull &&
            (!args.states || args.states.includes(i.state.toUpperCase())) &&
            (!args.labels || hasLabels(repo, i.number, args.labels)),
        )
        .map((i) => issueNode(ctx, repo, i));
      return connection(nodes, args);
    },
    label: ({ name }: { name: string }) => {
      const l = repo.labels.get(name.toLowerCase());
      return l ? labelNode(l) : null;
    },
    labels: (args: PageArgs & { query?: string | null }) =>
      connection(
        [...repo.labels.values()]
          .filter((l) => !args.query || l.name.toLowerCase().includes(args.query.toLowerCase()))
          .map(labelNode),
        args,
      ),
  };
}

function hasLabels(repo: RepoRecord, number: number, labels: string[]): boolean {
  const have = new Set(repo.issues.get(number)?.labels.map((l) => l.toLowerCase()));
  return labels.some((l) => have.has(l.toLowerCase()));
}
