import type { GraphQLError } from "graphql";
import { execute, Kind, parse, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { githubSchema } from "../../github-schema/graphql.js";
import { reactionJson } from "../serialize/issues.js";
import { commitMutations } from "./commit-mutations.js";
import { GqlFailure, viewer, visibleRepo, type GqlContext } from "./context.js";
import { findNode, nodeOf, requireNode, userNode } from "./nodes.js";
import { actorNode } from "./objects.js";
import { conversationMutations } from "./conversation-mutations.js";
import { pullMutations } from "./pull-mutations.js";
import { repositoryNode } from "./repository.js";

const REACTION: Record<string, string> = {
  THUMBS_UP: "+1",
  THUMBS_DOWN: "-1",
  LAUGH: "laugh",
  HOORAY: "hooray",
  CONFUSED: "confused",
  HEART: "heart",
  ROCKET: "rocket",
  EYES: "eyes",
};

/** Root resolvers: GitHub's schema, executed with graphql-js default resolvers over these objects. */
const root = {
  repository: ({ owner, name }: { owner: string; name: string }, ctx: GqlContext) =>
    repositoryNode(ctx, visibleRepo(ctx, ctx.state.repo(`${owner}/${name}`), `${owner}/${name}`)),
  node: ({ id }: { id: string }, ctx: GqlContext) => {
    const found = findNode(ctx, id);
    return found ? nodeOf(ctx, found) : null;
  },
  nodes: ({ ids }: { ids: string[] }, ctx: GqlContext) =>
    ids.map((id) => {
      const found = findNode(ctx, id);
      return found ? nodeOf(ctx, found) : null;
    }),
  viewer: (_: unknown, ctx: GqlContext) => actorNode(ctx, viewer(ctx)),
  user: ({ login }: { login: string }, ctx: GqlContext) => userNode(ctx, login),
  rateLimit: (_: unknown, ctx: GqlContext) => ({
    limit: 5000,
    cost: 1,
    remaining: 4999,
    used: 1,
    nodeCount: 1,
    resetAt: new Date(ctx.state.now().getTime() + 3600_000).toISOString(),
  }),
  addReaction: (
    { input }: { input: { subjectId: string; content: string; clientMutationId?: string | null } },
    ctx: GqlContext,
  ) => {
    const found = requireNode(ctx, input.subjectId, [
      "Issue",
      "PullRequest",
      "IssueComment",
      "PullRequestReviewComment",
    ]);
    const record =
      found.kind === "Issue"
        ? found.issue
        : found.kind === "PullRequest"
          ? found.repo.issues.get(found.pr.number)
          : found.comment;
    const content = REACTION[input.content] ?? "+1";
    const user = viewer(ctx);
    let reaction = record?.reactions.find((r) => r.user.id === user.id && r.content === content);
    if (!reaction && record) {
      reaction = { id: ctx.state.nextId(), user, content, createdAt: ctx.state.timestamp() };
      record.reactions.push(reaction);
    }
    return {
      clientMutationId: input.clientMutationId ?? null,
      reaction: reaction ? { ...reactionJson(ctx.urls, reaction), content: input.content } : null,
      subject: nodeOf(ctx, found),
    };
  },
  ...commitMutations,
  ...pullMutations,
  ...conversationMutations,
};

export interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Root field names of the operation a request runs (for counts and fault matching). */
export function rootFields(body: GraphqlBody): { document?: DocumentNode; fields: string[] } {
  if (typeof body.query !== "string") return { fields: [] };
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch {
    return { fields: [] };
  }
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const op =
    typeof body.operationName === "string"
      ? ops.find((o) => o.name?.value === body.operationName)
      : ops[0];
  const fields = (op?.selectionSet.selections ?? []).flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : [],
  );
  return { document, fields };
}

type Resolver = (args: never, ctx: GqlContext) => unknown;

/** The root resolvers, each failing first when a field fault is injected for it. */
function faulty(fault: (field: string) => string | undefined): Record<string, Resolver> {
  return Object.fromEntries(
    Object.entries(root as Record<string, Resolver>).map(([field, resolve]) => [
      field,
      (args: never, ctx: GqlContext) => {
        const message = fault(field);
        if (message !== undefined) throw new Error(message);
        return resolve(args, ctx);
      },
    ]),
  );
}

function formatError(e: GraphQLError): Record<string, unknown> {
  const out: Record<string, unknown> = { message: e.message };
  if (e.originalError instanceof GqlFailure) out["type"] = e.originalError.type;
  if (e.path) out["path"] = e.path;
  if (e.locations) out["locations"] = e.locations;
  return out;
}

export async function runGraphql(
  body: GraphqlBody,
  document: DocumentNode,
  ctx: GqlContext,
): Promise<Record<string, unknown>> {
  const result = await execute({
    schema: githubSchema(),
    document,
    rootValue: ctx.fieldFault ? faulty(ctx.fieldFault) : root,
    contextValue: ctx,
    variableValues: (body.variables ?? {}) as Record<string, unknown>,
    operationName: typeof body.operationName === "string" ? body.operationName : null,
  });
  const out: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) out["errors"] = result.errors.map(formatError);
  return out;
}
