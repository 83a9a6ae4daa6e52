import type { ErrorObject } from "ajv";

/**
 * Turns ajv errors (compiled with `verbose: true`) into sentences a developer can act on:
 * `body.side must be one of LEFT, RIGHT (got "left")`. `root` names the validated value
 * (`body`, `path`, `query`).
 */
export function describeErrors(root: string, errors: readonly ErrorObject[]): string[] {
  const anyOfs = errors.filter((e) => e.keyword === "anyOf");
  const outer = anyOfs.filter(
    (a) => !anyOfs.some((b) => b !== a && a.schemaPath.startsWith(`${b.schemaPath}/`)),
  );
  const inside = (e: ErrorObject, a: ErrorObject) =>
    e !== a && e.schemaPath.startsWith(`${a.schemaPath}/`);
  const out: string[] = [];
  for (const error of errors) {
    if (outer.some((a) => inside(error, a))) continue;
    if (error.keyword === "anyOf") {
      const branches = new Map<string, ErrorObject[]>();
      for (const e of errors.filter((x) => inside(x, error))) {
        const index = e.schemaPath.slice(error.schemaPath.length + 1).split("/")[0] ?? "";
        branches.set(index, [...(branches.get(index) ?? []), e]);
      }
      out.push(alternatives(root, error, [...branches.values()]));
      continue;
    }
    out.push(describe(root, error));
  }
  return [...new Set(out)];
}

/** An `anyOf` that failed: what each alternative wanted; a `null` alternative becomes "or null". */
function alternatives(root: string, error: ErrorObject, branches: ErrorObject[][]): string {
  const isNull = (b: ErrorObject[]) =>
    b.length === 1 &&
    b[0]?.keyword === "type" &&
    (b[0].params as { type?: unknown }).type === "null";
  const forms = branches.filter((b) => !isNull(b)).map((b) => describeErrors(root, b).join("; "));
  const orNull = forms.length < branches.length ? " (or null)" : "";
  if (forms.length === 1) return `${forms[0] ?? ""}${orNull}`;
  return `${at(root, error.instancePath)} must match one of: (${forms.join(") or (")})${orNull}`;
}

function describe(root: string, e: ErrorObject): string {
  const where = at(root, e.instancePath);
  const params = e.params as Record<string, unknown>;
  const schema: unknown = e.schema;
  switch (e.keyword) {
    case "required":
      return `${at(root, `${e.instancePath}/${String(params.missingProperty)}`)} is required`;
    case "additionalProperties": {
      const field = at(root, `${e.instancePath}/${String(params.additionalProperty)}`);
      const known = Object.keys(propertiesOf(e.parentSchema));
      const list = known.length > 15 ? [...known.slice(0, 15), `${known.length - 15} more`] : known;
      return `${field} is not a field GitHub accepts here (known: ${list.join(", ") || "none"})`;
    }
    case "enum":
      return `${where} must be one of ${(Array.isArray(schema) ? schema : []).map(bare).join(", ")} (got ${show(e.data)})`;
    case "type":
      return `${where} must be ${[params.type].flat().join(" or ")} (got ${kind(e.data)} ${show(e.data)})`;
    case "const":
      return `${where} must be ${show(params.allowedValue)} (got ${show(e.data)})`;
    case "format":
      return `${where} must be a ${String(params.format)} (got ${show(e.data)})`;
    case "pattern":
      return `${where} must match /${String(params.pattern)}/ (got ${show(e.data)})`;
    case "maxLength":
    case "minLength": {
      const length = typeof e.data === "string" ? e.data.length : 0;
      const bound = e.keyword === "maxLength" ? "at most" : "at least";
      return `${where} must be ${bound} ${String(params.limit)} characters long (got ${length})`;
    }
    case "maxItems":
    case "minItems": {
      const count = Array.isArray(e.data) ? e.data.length : 0;
      const bound = e.keyword === "maxItems" ? "at most" : "at least";
      const limit = Number(params.limit);
      return `${where} must have ${bound} ${limit} item${limit === 1 ? "" : "s"} (got ${count})`;
    }
    case "maximum":
    case "minimum":
    case "exclusiveMaximum":
    case "exclusiveMinimum":
      return `${where} must be ${String(params.comparison)} ${String(params.limit)} (got ${show(e.data)})`;
    default:
      return `${where} ${e.message ?? `fails ${e.keyword}`}`;
  }
}

/** `/output/annotations/3/message` → `body.output.annotations[3].message`. */
export function at(root: string, pointer: string): string {
  let out = root;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part)
      ? `[${part}]`
      : /^[\w$-]+$/.test(part)
        ? `.${part}`
        : `[${JSON.stringify(part)}]`;
  }
  return out;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  if (typeof schema !== "object" || schema === null || !("properties" in schema)) return {};
  const props = (schema as { properties: unknown }).properties;
  return typeof props === "object" && props !== null ? (props as Record<string, unknown>) : {};
}

/** Enum values as GitHub's docs write them: `LEFT, RIGHT`. */
const bare = (v: unknown): string => (typeof v === "string" && /^[\w.+-]+$/.test(v) ? v : show(v));

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** A short, JSON-like rendering of a value for a message. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "object" && value !== null)
    return Array.isArray(value) ? `an array of ${value.length}` : "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
}
