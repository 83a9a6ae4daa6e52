import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  buildClientSchema,
  getNamedType,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
  type ValidationContext,
  type ASTVisitor,
} from "graphql";
import { show } from "./messages.js";

export interface GraphqlRequest {
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** What validating a document once tells about every later request that sends it. */
interface Checked {
  problems: string[];
  document?: DocumentNode;
  /** Connections whose `first`/`last` come from variables: checked once the values are known. */
  pageSizes: PageSize[];
}

interface PageSize {
  field: string;
  variables: string[];
  /** A literal `first` or `last` is also given. */
  literal: boolean;
}

const PAGE_SIZE_MAX = 100;
const CACHE_LIMIT = 500;
let schema: GraphQLSchema | undefined;
const cache = new Map<string, Checked>();

/** GitHub's public schema from `@octokit/graphql-schema`, built once on first use. */
export function githubSchema(): GraphQLSchema {
  if (schema) return schema;
  const require = createRequire(import.meta.url);
  const dirs = require.resolve.paths("@octokit/graphql-schema") ?? [];
  const file = dirs
    .map((d) => join(d, "@octokit", "graphql-schema", "schema.json"))
    .find((f) => existsSync(f));
  if (!file) throw new Error("@octokit/graphql-schema is not installed");
  const introspection = JSON.parse(readFileSync(file, "utf8")) as IntrospectionQuery;
  schema = buildClientSchema(introspection, { assumeValid: true });
  return schema;
}

/** Validates a GraphQL request (document and variables) against GitHub's schema. */
export function checkGraphql(request: GraphqlRequest): string[] {
  const { query, variables, operationName } = request;
  if (typeof query !== "string")
    return [`GraphQL: the request has no query string (got ${show(query)})`];
  const checked = checkDocument(query);
  if (checked.problems.length > 0 || !checked.document) return checked.problems;
  const operations = checked.document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    typeof operationName === "string"
      ? operations.find((o) => o.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  const label = `GraphQL ${operation?.operation ?? "operation"} ${operation?.name?.value ?? "(anonymous)"}`;
  if (!operation)
    return [
      typeof operationName === "string"
        ? `GraphQL: the document has no operation named ${operationName}`
        : "GraphQL: the document has several operations and the request names none",
    ];
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== "object" || Array.isArray(variables))
  )
    return [`${label}: variables must be an object (got ${show(variables)})`];
  const inputs = (variables ?? {}) as Record<string, unknown>;
  const result = getVariableValues(githubSchema(), operation.variableDefinitions ?? [], inputs, {
    maxErrors: 50,
  });
  if (result.errors) return result.errors.map((e) => `${label}: ${e.message}`);
  return pageSizeProblems(checked.pageSizes, operation, result.coerced).map(
    (p) => `${label}: ${p}`,
  );
}

function pageSizeProblems(
  sizes: PageSize[],
  operation: OperationDefinitionNode,
  values: Record<string, unknown>,
): string[] {
  const declared = new Set((operation.variableDefinitions ?? []).map((v) => v.variable.name.value));
  const problems: string[] = [];
  for (const { field, variables, literal } of sizes) {
    const mine = variables.filter((v) => declared.has(v));
    if (mine.length === 0) continue;
    if (!literal && mine.every((v) => values[v] === undefined || values[v] === null))
      problems.push(
        `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection ` +
          `(${mine.map((v) => `$${v}`).join(", ")} ${mine.length > 1 ? "are" : "is"} null).`,
      );
    for (const v of mine) {
      const value = values[v];
      if (typeof value === "number" && (value < 1 || value > PAGE_SIZE_MAX))
        problems.push(
          `$${v} is the page size of \`${field}\` and must be between 1 and ${PAGE_SIZE_MAX} (got ${value})`,
        );
    }
  }
  return problems;
}

function checkDocument(query: string): Checked {
  const hit = cache.get(query);
  if (hit) return hit;
  const pageSizes: PageSize[] = [];
  let checked: Checked;
  try {
    const document = parse(query);
    const rules = [...specifiedRules, paginationRule(pageSizes)];
    const errors = validate(githubSchema(), document, rules);
    checked = { problems: errors.map(format), document, pageSizes };
  } catch (e) {
    checked = { problems: [format(e)], pageSizes };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(query, checked);
  return checked;
}

function format(error: unknown): string {
  if (!(error instanceof GraphQLError)) return `GraphQL: ${String(error)}`;
  const where = (error.locations ?? []).map((l) => `${l.line}:${l.column}`).join(", ");
  return `GraphQL: ${error.message}${where ? ` (at ${where})` : ""}`;
}

/**
 * GitHub refuses a connection queried without `first` or `last` ("You must provide a `first` or
 * `last` value to properly paginate the `X` connection") and page sizes outside 1..100; the
 * schema alone does not say so. Literal sizes are checked here, variables once their values are known.
 */
function paginationRule(pageSizes: PageSize[]) {
  return (context: ValidationContext): ASTVisitor => {
    return {
      Field(node) {
        const def = context.getFieldDef();
        if (!def) return;
        const isConnection = getNamedType(def.type).name.endsWith("Connection");
        const sized =
          def.args.some((a) => a.name === "first") && def.args.some((a) => a.name === "last");
        if (!isConnection || !sized) return;
        const args = (node.arguments ?? []).filter(
          (a) => a.name.value === "first" || a.name.value === "last",
        );
        if (args.length === 0) {
          context.reportError(
            new GraphQLError(
              `You must provide a \`first\` or \`last\` value to properly paginate the \`${node.name.value}\` connection.`,
              { nodes: node },
            ),
          );
        }
        const variables = args.flatMap((a) =>
          a.value.kind === Kind.VARIABLE ? [a.value.name.value] : [],
        );
        if (variables.length > 0)
          pageSizes.push({
            field: node.name.value,
            variables,
            literal: variables.length < args.length,
          });
        for (const arg of args) {
          if (arg.value.kind !== Kind.INT) continue;
          const size = Number(arg.value.value);
          if (size < 1 || size > PAGE_SIZE_MAX)
            context.reportError(
              new GraphQLError(
                `\`${arg.name.value}\` on the \`${node.name.value}\` connection must be between 1 and ${PAGE_SIZE_MAX} (got ${size}).`,
                { nodes: arg },
              ),
            );
        }
      },
    };
  };
}
