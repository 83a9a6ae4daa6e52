import { err, ok } from "../result.js";
import type { Result } from "../result.js";

/** Expands `{name}` placeholders; an unknown name is an error, so a typo never yields a wrong tag. */
export function expandTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
): Result<string, string> {
  let unknown: string | null = null;
  const out = template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) unknown ??= whole;
    return value ?? whole;
  });
  if (unknown !== null) {
    return err(
      `unknown placeholder ${unknown} (known: ${Object.keys(values)
        .map((k) => `{${k}}`)
        .join(", ")})`,
    );
  }
  return ok(out);
}
