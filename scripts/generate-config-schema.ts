/**
 * `npm run schema` (tsx scripts/generate-config-schema.ts [--check])
 *
 * Writes `docs/schema/bumpwarden.schema.json` (JSON Schema of `.github/bumpwarden.yml`, from the
 * zod schema in src/core/config/schema.ts, for editors) and the generated part of
 * `docs/configuration.md` (between the `generated` markers). `--check` writes nothing and exits 1
 * when either file is out of date; `test/ops/config-schema.test.ts` runs the same comparison.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { configSchema } from "../src/core/config/schema.js";
import { renderConfigReference } from "./config-reference.js";
import type { JsonSchema } from "./config-reference.js";

export const SCHEMA_ID =
  "https://raw.githubusercontent.com/bumpwarden/bumpwarden/main/docs/schema/bumpwarden.schema.json";
export const SCHEMA_FILE = fileURLToPath(
  new URL("../docs/schema/bumpwarden.schema.json", import.meta.url),
);
export const REFERENCE_FILE = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));
const START = "<!-- generated:start (npm run schema) -->";
const END = "<!-- generated:end -->";

/** The JSON Schema of what a person writes (`io: "input"`: keys with defaults are optional). */
export function configJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(configSchema, {
    io: "input",
    target: "draft-7",
    unrepresentable: "throw",
  });
  const { $schema, ...rest } = generated as JsonSchema & { $schema: string };
  return {
    $schema,
    $id: SCHEMA_ID,
    title: "bumpwarden configuration (.github/bumpwarden.yml)",
    ...rest,
  };
}

export function schemaFileText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** `docs/configuration.md` with its generated part replaced by the current reference. */
export function referenceFileText(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start === -1 || end < start)
    throw new Error(`${REFERENCE_FILE}: the ${START} … ${END} markers are missing`);
  return `${current.slice(0, start + START.length)}\n\n${renderConfigReference(configJsonSchema())}\n${current.slice(end)}`;
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const outputs: [string, string][] = [
    [SCHEMA_FILE, schemaFileText()],
    [REFERENCE_FILE, referenceFileText(readFileSync(REFERENCE_FILE, "utf8"))],
  ];
  let stale = 0;
  for (const [file, text] of outputs) {
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      // missing: written below, or stale under --check
    }
    if (current === text) continue;
    stale++;
    if (check) process.stderr.write(`${file} is out of date: run npm run schema\n`);
    else writeFileSync(file, text);
  }
  if (!check) process.stdout.write(`wrote ${stale} file(s)\n`);
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = main(process.argv.slice(2));
