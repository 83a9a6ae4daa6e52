import { validateConfig } from "../../../src/core/config/load.js";
import type { ConfigInput } from "../../../src/core/config/schema.js";

/** A validated config from partial input, as `.github/bumpwarden.yml` would give it. */
export function config(input: ConfigInput) {
  const c = validateConfig(input);
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  return c.value;
}
