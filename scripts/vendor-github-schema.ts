/**
 * `npm run vendor:github-schema [-- --from <api.github.com.json>]`
 *
 * Vendors the parts of GitHub's REST OpenAPI description that the request validator needs into
 * `sim/github-schema/`. `@octokit/openapi` is 385 MB unpacked, so it is not a dependency: this
 * script packs the pinned version into a temporary directory and writes
 *   - `routes.json`: every route (method + template) of api.github.com, so an unknown route is
 *     told apart from a known route that is simply not vendored;
 *   - `operations.json`: the request side (parameters, JSON body) of the operations in OPERATIONS,
 *     converted to JSON Schema for ajv, plus the component schemas they reference.
 * To validate a new call, add its route to OPERATIONS and re-run this script.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The operations bumpwarden calls (or may call): the validator checks requests to these. */
const OPERATIONS: readonly string[] = [
  // apps, installations, tokens
  "GET /app",
  "GET /app/installations",
  "GET /app/installations/{installation_id}",
  "POST /app/installations/{installation_id}/access_tokens",
  "GET /repos/{owner}/{repo}/installation",
  "GET /orgs/{org}/installation",
  "GET /users/{username}/installation",
  "GET /installation/repositories",
  "GET /rate_limit",
  "GET /users/{username}",
  // repositories, contents, branches, compare
  "GET /repos/{owner}/{repo}",
  "GET /repos/{owner}/{repo}/contents/{path}",
  "PUT /repos/{owner}/{repo}/contents/{path}",
  "DELETE /repos/{owner}/{repo}/contents/{path}",
  "GET /repos/{owner}/{repo}/branches",
  "GET /repos/{owner}/{repo}/branches/{branch}",
  "GET /repos/{owner}/{repo}/compare/{basehead}",
  "GET /repos/{owner}/{repo}/compare/{base}...{head}",
  "GET /repos/{owner}/{repo}/commits",
  "GET /repos/{owner}/{repo}/commits/{ref}",
  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls",
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
  "GET /repos/{owner}/{repo}/tags",
  "GET /repos/{owner}/{repo}/releases/tags/{tag}",
  // git database
  "GET /repos/{owner}/{repo}/git/ref/{ref}",
  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}",
  "POST /repos/{owner}/{repo}/git/refs",
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
  "DELETE /repos/{owner}/{repo}/git/refs/{ref}",
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
  "POST /repos/{owner}/{repo}/git/trees",
  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}",
  "POST /repos/{owner}/{repo}/git/blobs",
  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}",
  "POST /repos/{owner}/{repo}/git/commits",
  // pull requests, reviews, review comments
  "GET /repos/{owner}/{repo}/pulls",
  "POST /repos/{owner}/{repo}/pulls",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}",
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "DELETE /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
  "DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events",
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
  "GET /repos/{owner}/{repo}/pulls/comments",
  "GET /repos/{owner}/{repo}/pulls/comments/{comment_id}",
  "PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}",
  "DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}",
  "GET /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions",
  "POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions",
  // issues, comments, labels, reactions, assignees
  "GET /repos/{owner}/{repo}/issues",
  "POST /repos/{owner}/{repo}/issues",
  "GET /repos/{owner}/{repo}/issues/{issue_number}",
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}",
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/reactions",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/reactions",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/labels",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
  "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels",
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/assignees",
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees",
  "GET /repos/{owner}/{repo}/labels",
  "POST /repos/{owner}/{repo}/labels",
  "GET /repos/{owner}/{repo}/labels/{name}",
  "PATCH /repos/{owner}/{repo}/labels/{name}",
  // checks and commit statuses
  "POST /repos/{owner}/{repo}/check-runs",
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}",
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
  "POST /repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest",
  "POST /repos/{owner}/{repo}/check-suites",
  "GET /repos/{owner}/{repo}/check-suites/{check_suite_id}",
  "GET /repos/{owner}/{repo}/check-suites/{check_suite_id}/check-runs",
  "POST /repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest",
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
  "GET /repos/{owner}/{repo}/commits/{ref}/check-suites",
  "GET /repos/{owner}/{repo}/commits/{ref}/status",
  "GET /repos/{owner}/{repo}/commits/{ref}/statuses",
  "POST /repos/{owner}/{repo}/statuses/{sha}",
  // actions: workflow runs and artifacts
  "GET /repos/{owner}/{repo}/actions/runs",
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}",
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
  "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
  "GET /repos/{owner}/{repo}/actions/artifacts",
  "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}",
  "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
  // packages (GHCR container versions)
  "GET /orgs/{org}/packages/{package_type}/{package_name}",
  "GET /orgs/{org}/packages/{package_type}/{package_name}/versions",
  "GET /orgs/{org}/packages/{package_type}/{package_name}/versions/{package_version_id}",
  "GET /users/{username}/packages/{package_type}/{package_name}",
  "GET /users/{username}/packages/{package_type}/{package_name}/versions",
  "GET /users/{username}/packages/{package_type}/{package_name}/versions/{package_version_id}",
  "GET /user/packages/{package_type}/{package_name}/versions",
  // search
  "GET /search/issues",
  "GET /search/code",
];

const PACKAGE = "@octokit/openapi";
const VERSION = "23.0.2";
const SPEC_FILE = "generated/api.github.com.json";
const OUT_DIR = fileURLToPath(new URL("../sim/github-schema/", import.meta.url));
const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];
/** Formats ajv-formats checks; others (`repo.nwo`, `int64`, `binary`) carry no checkable rule. */
const FORMATS = new Set([
  "date-time",
  "date",
  "time",
  "uri",
  "email",
  "uuid",
  "ipv4",
  "ipv6",
  "hostname",
]);
/** OpenAPI annotations that carry no validation rule. */
const DROPPED = new Set(["description", "example", "examples", "title", "deprecated", "readOnly"]);
const DROPPED_TOO = new Set(["writeOnly", "default", "externalDocs", "xml", "discriminator"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function obj(v: Json | undefined, what: string): JsonObject {
  if (!isObject(v)) throw new Error(`spec: ${what} is not an object`);
  return v;
}

function loadSpec(): { spec: JsonObject; source: string } {
  const fromIndex = process.argv.indexOf("--from");
  const from = fromIndex >= 0 ? process.argv[fromIndex + 1] : undefined;
  if (from) return { spec: parse(readFileSync(from, "utf8")), source: from };
  const dir = mkdtempSync(join(tmpdir(), "github-openapi-"));
  try {
    const tarball = execFileSync(
      "npm",
      ["pack", `${PACKAGE}@${VERSION}`, "--pack-destination", dir, "--silent"],
      { encoding: "utf8" },
    ).trim();
    execFileSync("tar", ["-xzf", join(dir, tarball), "-C", dir, `package/${SPEC_FILE}`]);
    const text = readFileSync(join(dir, "package", SPEC_FILE), "utf8");
    return { spec: parse(text), source: `${PACKAGE}@${VERSION} ${SPEC_FILE}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(text: string): JsonObject {
  return obj(JSON.parse(text) as Json, "document");
}

/** Resolves `#/components/...` references of the spec document. */
function lookup(spec: JsonObject, ref: string): Json {
  if (!ref.startsWith("#/")) throw new Error(`spec: external $ref ${ref}`);
  let node: Json | undefined = spec;
  for (const part of ref.slice(2).split("/")) node = isObject(node) ? node[part] : undefined;
  if (node === undefined) throw new Error(`spec: dangling $ref ${ref}`);
  return node;
}

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv. `nullable` becomes a `null` type, `oneOf` becomes
 * `anyOf` (GitHub's alternatives overlap, and GitHub accepts a body that fits any of them), and
 * an object that lists its properties without saying anything about others is closed, so a
 * misspelled field fails the test instead of being silently ignored by GitHub.
 */
function convert(node: Json, spec: JsonObject, used: Set<string>, inBranch: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, spec, used, inBranch));
  if (!isObject(node)) return node;
  const ref = node.$ref;
  if (typeof ref === "string") {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    if (!name) throw new Error(`spec: unexpected $ref ${ref} in a request schema`);
    used.add(name);
    return { $ref: `components#/schemas/${name}` };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || DROPPED_TOO.has(key) || key.startsWith("x-") || key === "nullable")
      continue;
    if (key === "format" && !(typeof value === "string" && FORMATS.has(value))) continue;
    if (key === "properties") {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(obj(value, "properties")))
        props[name] = convert(sub, spec, used, false);
      out.properties = props;
    } else if (key === "oneOf" || key === "anyOf" || key === "allOf") {
      const target = key === "allOf" ? "allOf" : "anyOf";
      out[target] = (Array.isArray(value) ? value : []).map((n) => convert(n, spec, used, true));
    } else {
      out[key] = convert(value, spec, used, inBranch);
    }
  }
  if (closable(out, inBranch)) out.additionalProperties = false;
  if (node.nullable === true) return nullable(out);
  return out;
}

/**
 * Whether an object schema lists every field it accepts. A branch without its own `type` is a
 * partial constraint on its parent's fields, never closed; a parent with branches is closed only
 * when the branches name no field the parent does not list.
 */
function closable(schema: JsonObject, inBranch: boolean): boolean {
  const props = schema.properties;
  if (!isObject(props) || "additionalProperties" in schema) return false;
  if (inBranch && schema.type !== "object") return false;
  const branches = [...arr(schema.anyOf), ...arr(schema.allOf)];
  return branches.every((b) => [...fieldsNamed(b)].every((name) => name in props));
}

function fieldsNamed(schema: Json): Set<string> {
  const names = new Set<string>();
  if (!isObject(schema)) return names;
  if (isObject(schema.properties)) for (const n of Object.keys(schema.properties)) names.add(n);
  for (const n of arr(schema.required)) if (typeof n === "string") names.add(n);
  for (const b of [...arr(schema.anyOf), ...arr(schema.allOf)])
    for (const n of fieldsNamed(b)) names.add(n);
  return names;
}

function nullable(schema: JsonObject): JsonObject {
  const { type, enum: values } = schema;
  if (typeof type !== "string") return { anyOf: [schema, { type: "null" }] };
  const out: JsonObject = { ...schema, type: [type, "null"] };
  if (Array.isArray(values)) out.enum = [...values, null];
  return out;
}

interface Vendored {
  routes: JsonObject;
  operations: JsonObject;
  schemas: JsonObject;
}

function vendor(spec: JsonObject): Vendored {
  const paths = obj(spec.paths, "paths");
  const routes: JsonObject = {};
  const found = new Map<string, { op: JsonObject; params: JsonObject[] }>();
  for (const [path, item] of Object.entries(paths)) {
    const pathItem = obj(item, path);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!isObject(op)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const params = [...arr(pathItem.parameters), ...arr(op.parameters)].map((p) =>
        obj(isObject(p) && typeof p.$ref === "string" ? lookup(spec, p.$ref) : p, `${key} param`),
      );
      const multi = params
        .filter((p) => p.in === "path" && p["x-multi-segment"] === true)
        .map((p) => String(p.name));
      routes[key] =
        multi.length > 0 ? { id: str(op.operationId), multi } : { id: str(op.operationId) };
      found.set(key, { op, params });
    }
  }

  const used = new Set<string>();
  const operations: JsonObject = {};
  for (const key of [...OPERATIONS].sort()) {
    const entry = found.get(key);
    if (!entry) throw new Error(`OPERATIONS lists ${key}, which api.github.com does not have`);
    operations[key] = operation(entry.op, entry.params, spec, used);
  }

  const schemas: JsonObject = {};
  const pending = [...used];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name in schemas) continue;
    const before = new Set(used);
    schemas[name] = convert(lookup(spec, `#/components/schemas/${name}`), spec, used, false);
    for (const n of used) if (!before.has(n)) pending.push(n);
  }
  return { routes, operations, schemas: sortKeys(schemas) };
}

function operation(
  op: JsonObject,
  params: JsonObject[],
  spec: JsonObject,
  used: Set<string>,
): Json {
  const docs = isObject(op.externalDocs) ? op.externalDocs.url : undefined;
  const out: JsonObject = { id: str(op.operationId) };
  if (typeof docs === "string") out.docs = docs;
  out.params = params
    .filter((p) => p.in === "path" || p.in === "query")
    .map((p) => ({
      name: str(p.name),
      in: str(p.in),
      required: p.required === true,
      schema: convert(p.schema ?? {}, spec, used, false),
    }));
  const rawBody = op.requestBody;
  if (rawBody !== undefined) {
    const body = obj(
      isObject(rawBody) && typeof rawBody.$ref === "string" ? lookup(spec, rawBody.$ref) : rawBody,
      "requestBody",
    );
    const content = obj(body.content, "requestBody.content");
    const json = content["application/json"];
    const contentType = Object.keys(content)[0] ?? "application/json";
    out.body = isObject(json)
      ? { required: body.required === true, schema: convert(json.schema ?? {}, spec, used, false) }
      : { required: body.required === true, contentType };
  }
  return out;
}

const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string => (typeof v === "string" ? v : String(v));

function sortKeys(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

const { spec, source } = loadSpec();
const { routes, operations, schemas } = vendor(spec);
writeFileSync(
  join(OUT_DIR, "routes.json"),
  `${JSON.stringify({ source, routes: sortKeys(routes) })}\n`,
);
writeFileSync(
  join(OUT_DIR, "operations.json"),
  `${JSON.stringify({ source, operations, components: { schemas } })}\n`,
);
process.stdout.write(
  `vendored ${Object.keys(operations).length} operations, ${Object.keys(schemas).length} component schemas, ` +
    `${Object.keys(routes).length} routes from ${source} into ${OUT_DIR}\n`,
);
