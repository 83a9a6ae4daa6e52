import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The shared test corpora (`shared/corpus/`: GitOps trees, registry webhooks, policies, image
 * references) live beside the project, not in it. Found at `BUMPWARDEN_SHARED_CORPUS`, else
 * `../shared/corpus` next to the checkout, else `/work/shared/corpus` (a clone made elsewhere, such
 * as CI's fresh clone in a temporary directory).
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const candidates = [
  process.env.BUMPWARDEN_SHARED_CORPUS,
  `${root}../shared/corpus`,
  "/work/shared/corpus",
].filter((c): c is string => Boolean(c));

export const SHARED_CORPUS: string = (() => {
  const found = candidates.find((c) => existsSync(`${c}/README.md`));
  if (!found)
    throw new Error(
      `the shared corpus is not at any of ${candidates.join(", ")}; set BUMPWARDEN_SHARED_CORPUS`,
    );
  return found.replace(/\/$/, "");
})();

/** An absolute path under the shared corpus, e.g. `corpusPath("gitops/")`. */
export const corpusPath = (relative: string): string => `${SHARED_CORPUS}/${relative}`;

/** The same as a file URL (for `new URL(name, base)` lookups). */
export const corpusUrl = (relative: string): URL => new URL(`file://${corpusPath(relative)}`);
