/**
 * Renders the reference part of docs/configuration.md from the config's JSON Schema: one section
 * per top-level key, one table row per setting, with type, default and description.
 */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  [key: string]: unknown;
}

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

export function renderConfigReference(schema: JsonSchema): string {
  const sections: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const rows: Row[] = [];
    collect(key, child, schema.required?.includes(key) ?? false, rows, 0);
    sections.push(
      [
        `### \`${key}\``,
        "",
        child.description ?? "",
        "",
        "| setting | type | default | description |",
        "| --- | --- | --- | --- |",
        ...rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.default} | ${r.description} |`),
        "",
      ].join("\n"),
    );
  }
  return sections.join("\n").replace(/\n{3,}/g, "\n\n");
}

function collect(
  key: string,
  schema: JsonSchema,
  required: boolean | "in-form",
  rows: Row[],
  depth: number,
): void {
  const note = required === "in-form" ? " Names this form." : required ? " **Required.**" : "";
  rows.push({
    key,
    type: typeOf(schema),
    default: schema.default === undefined ? "" : `\`${JSON.stringify(schema.default)}\``,
    description: cell((schema.description ?? "") + note),
  });
  if (depth > 4) return;
  const objects = objectShapes(schema);
  // In a union of mappings (`policy`), a required key is what selects the form.
  const forms = objects.length > 1;
  for (const object of objects)
    for (const [name, child] of Object.entries(object.shape.properties ?? {})) {
      const isRequired = object.shape.required?.includes(name) ?? false;
      collect(
        `${key}${object.prefix}.${name}`,
        child,
        isRequired && forms ? "in-form" : isRequired,
        rows,
        depth + 1,
      );
    }
}

/** The object shapes below a schema, with the path step that reaches them (`[]`, `.<env>`). */
function objectShapes(schema: JsonSchema): { prefix: string; shape: JsonSchema }[] {
  if (schema.properties) return [{ prefix: "", shape: schema }];
  if (schema.items)
    return objectShapes(schema.items).map((o) => ({ ...o, prefix: `[]${o.prefix}` }));
  if (typeof schema.additionalProperties === "object" && !schema.properties) {
    const name = schema.propertyNames?.pattern?.includes("a-z0-9") ? "<env>" : "<name>";
    return objectShapes(schema.additionalProperties).map((o) => ({
      ...o,
      prefix: `.${name}${o.prefix}`,
    }));
  }
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.flatMap((o) => objectShapes(o));
  return [];
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const forms = options.filter((o) => o.properties).length;
    if (forms > 1 && forms === options.length) return `mapping, one of ${forms} forms`;
    return [...new Set(options.map(typeOf))].join(" or ");
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  if (type === "array") return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
  if (type === "object") {
    if (schema.properties) return "mapping";
    if (typeof schema.additionalProperties === "object") {
      const keys = schema.propertyNames?.pattern ? "environment" : "name";
      return `map of ${keys} → ${typeOf(schema.additionalProperties)}`;
    }
    return "mapping";
  }
  if (type === "integer") return "integer";
  return type ?? "any";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ").trim();
}
