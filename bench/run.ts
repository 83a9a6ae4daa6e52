import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Bench, Figure } from "./figure.js";
import { round } from "./figure.js";

/**
 * `npm run bench [-- <name-filter>]`: runs every `bench/*.bench.ts` and prints one JSON object per
 * line. Each figure is measured against its baseline in the same run (ratios, not wall-clock limits).
 */
const dir = fileURLToPath(new URL(".", import.meta.url));
const filter = process.argv[2];
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort();

let failed = false;
for (const file of files) {
  if (filter && !file.includes(filter)) continue;
  const bench = (await import(pathToFileURL(`${dir}/${file}`).href)) as { default: Bench };
  try {
    await bench.default((figure: Figure) => {
      const out: Figure = { ...figure, value: round(figure.value) };
      if (figure.baseline !== undefined) out.baseline = round(figure.baseline);
      if (figure.ratio !== undefined) out.ratio = round(figure.ratio);
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });
  } catch (e) {
    failed = true;
    process.stderr.write(
      `bench ${file} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
  }
}
process.exit(failed ? 1 : 0);
