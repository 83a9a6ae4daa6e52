import { z } from "zod";

/**
 * Reads the shape of a zod schema for error messages: what is expected at a path, which keys an
 * object knows. Wrappers (optional, default, prefault, pipe) are looked through.
 */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (let i = 0; i < 20; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
  return s;
}

/** The schema at a path of keys and indexes (through unions, the first option that has it). */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrapSchema(schema);
  for (const step of path) {
    if (!current) return undefined;
    current = childSchema(current, step);
    current = current ? unwrapSchema(current) : undefined;
  }
  return current;
}

function childSchema(schema: z.ZodType, step: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject)
    return (schema.shape as Record<string, z.ZodType>)[String(step)];
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as readonly z.ZodType[]) {
      const found = childSchema(unwrapSchema(option), step);
      if (found) return found;
    }
  }
  return undefined;
}

/** The keys an object schema knows (every object option of a union), or [] when not an object. */
export function knownKeys(schema: z.ZodType | undefined): string[] {
  const s = schema ? unwrapSchema(schema) : undefined;
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodUnion)
    return [...new Set((s.options as readonly z.ZodType[]).flatMap((o) => knownKeys(o)))];
  return [];
}

/** A short description of what a schema accepts: `a list of text`, `a mapping with semver`, ... */
export function describeSchema(schema: z.ZodType, depth = 0): string {
  const s = unwrapSchema(schema);
  if (s instanceof z.ZodString) return "text";
  if (s instanceof z.ZodNumber) return s.format === "safeint" ? "a whole number" : "a number";
  if (s instanceof z.ZodBoolean) return "true or false";
  if (s instanceof z.ZodEnum) return `one of ${s.options.map((o) => JSON.stringify(o)).join(", ")}`;
  if (s instanceof z.ZodLiteral) return [...s.values].map((v) => JSON.stringify(v)).join(" or ");
  if (s instanceof z.ZodArray)
    return `a list of ${depth > 1 ? "items" : describeSchema(s.element as z.ZodType, depth + 1)}`;
  if (s instanceof z.ZodRecord) return "a mapping";
  if (s instanceof z.ZodObject) {
    const keys = Object.entries(s.shape as Record<string, z.ZodType>).map(([key, value]) =>
      value instanceof z.ZodOptional ||
      value instanceof z.ZodDefault ||
      value instanceof z.ZodPrefault
        ? `${key}?`
        : key,
    );
    return `a mapping with ${keys.join(", ")}`;
  }
  if (s instanceof z.ZodUnion)
    return (s.options as readonly z.ZodType[]).map((o) => describeSchema(o, depth + 1)).join(" | ");
  return "a valid value";
}
