import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { describeErrors, show } from "./messages.js";
import { matchRoute } from "./routes.js";

/** One vendored operation of `operations.json` (request side only). */
interface Operation {
  id: string;
  docs?: string;
  params: { name: string; in: "path" | "query"; required: boolean; schema: object }[];
  body?: { required: boolean; schema?: object; contentType?: string };
}

interface Vendored {
  source: string;
  operations: Record<string, Operation>;
  components: { schemas: Record<string, object> };
}

interface Compiled {
  path: ValidateFunction;
  query: ValidateFunction;
  body?: ValidateFunction;
}

export interface RestRequest {
  method: string;
  /** Absolute URL or path, query string included; a `/api/v3` prefix (GHES layout) is ignored. */
  url: string;
  /** Parsed JSON, raw JSON text, or undefined/"" for none. */
  body?: unknown;
}

const VENDOR = "scripts/vendor-github-schema.ts";
// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let vendored: Vendored | undefined;
let bodyAjv: Ajv | undefined;
let paramAjv: Ajv | undefined;
const compiled = new Map<string, Compiled>();

function load(): Vendored {
  vendored ??= JSON.parse(
    readFileSync(new URL("./operations.json", import.meta.url), "utf8"),
  ) as Vendored;
  return vendored;
}

function ajvs(): { body: Ajv; param: Ajv } {
  if (!bodyAjv || !paramAjv) {
    const options = { allErrors: true, verbose: true, strict: false } as const;
    bodyAjv = addFormats(new Ajv(options));
    bodyAjv.addSchema({ $id: "components", schemas: load().components.schemas });
    // Path and query values arrive as text: "3" is a valid integer, "a" a valid one-item array.
    paramAjv = addFormats(new Ajv({ ...options, coerceTypes: "array" }));
  }
  return { body: bodyAjv, param: paramAjv };
}

function compile(key: string, op: Operation): Compiled {
  const hit = compiled.get(key);
  if (hit) return hit;
  const { body, param } = ajvs();
  const group = (where: "path" | "query") => {
    const params = op.params.filter((p) => p.in === where);
    return param.compile({
      type: "object",
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
      required: params.filter((p) => p.required).map((p) => p.name),
      additionalProperties: false,
    });
  };
  const out: Compiled = { path: group("path"), query: group("query") };
  if (op.body?.schema) out.body = body.compile(op.body.schema);
  compiled.set(key, out);
  return out;
}

/** The path of a request URL, without the GHES `/api/v3` prefix, and its query. */
function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const parsed = new URL(url, "http://github.invalid");
  const path = parsed.pathname.replace(/^\/api\/v3(?=\/|$)/, "") || "/";
  return { path, query: parsed.searchParams };
}

/** Validates one REST request against the vendored description; returns readable problems. */
export function checkRest(request: RestRequest): string[] {
  const method = request.method.toUpperCase();
  const { path, query } = splitUrl(request.url);
  const lookup = findRoute(method, path);
  if (!lookup.found) {
    const elsewhere = lookup.otherMethods.length
      ? ` (that path exists for ${lookup.otherMethods.join(", ")})`
      : "";
    return [`${method} ${path}: no such route on api.github.com${elsewhere}`];
  }
  const { key, route, params } = lookup.match;
  const op = load().operations[key];
  if (!op)
    return [
      `${key}: a GitHub route (${route.id}) whose schema is not vendored; add "${key}" to ` +
        `OPERATIONS in ${VENDOR} and run \`npm run vendor:github-schema\``,
    ];
  const validators = compile(key, op);
  const problems = [
    ...run(validators.path, "path", params),
    ...run(validators.query, "query", queryObject(query)),
    ...checkBody(op, validators, request.body),
  ];
  return problems.map((p) => `${key}: ${p}`);
}

function findRoute(method: string, path: string): ReturnType<typeof matchRoute> {
  const direct = matchRoute(method, path);
  if (direct.found || method !== "HEAD") return aliased(direct, method, path);
  return aliased(matchRoute("GET", path), "GET", path);
}

/** GitHub's pagination links use `/repositories/{id}/...` for `/repos/{owner}/{repo}/...`. */
function aliased(lookup: ReturnType<typeof matchRoute>, method: string, path: string) {
  const m = /^\/repositories\/(\d+)(\/.*)$/.exec(path);
  if (lookup.found || !m) return lookup;
  const alias = matchRoute(method, `/repos/_/_${m[2] ?? ""}`);
  return alias.found ? alias : lookup;
}

function run(validate: ValidateFunction, root: string, data: unknown): string[] {
  return validate(data) ? [] : describeErrors(root, validate.errors ?? []);
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    out[name] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return out;
}

function checkBody(op: Operation, validators: Compiled, raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === "")
    return op.body?.required ? ["body is required"] : [];
  if (op.body && !validators.body) return []; // a non-JSON body (octet-stream, text): nothing to check
  let body: unknown = raw;
  if (typeof raw === "string") {
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      return [`body is not valid JSON (${show(raw)})`];
    }
  }
  if (!validators.body) {
    const fields = typeof body === "object" && body !== null ? Object.keys(body) : [show(body)];
    return fields.length === 0 ? [] : [`takes no request body (got ${fields.join(", ")})`];
  }
  return run(validators.body, "body", body);
}

/** Compiles every vendored operation (a test proves the vendored data is usable). */
export function compileAllOperations(): string[] {
  return Object.entries(load().operations).map(([key, op]) => (compile(key, op), key));
}
