import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { corpusUrl } from "../../harness/corpus.js";

/** The shared GitOps corpora (`../shared/corpus/gitops`), read as the CLI would read them. */
export const CORPUS_DIR = fileURLToPath(corpusUrl("gitops/"));

export const CORPORA = [
  "argo-rollouts-examples",
  "awesome-compose",
  "flux-image-automation-testdata",
  "flux2-kustomize-helm-example",
  "flux2-multi-tenancy",
] as const;

const expectedEntry = z
  .object({
    file: z.string(),
    line: z.number(),
    kind: z.string(),
    image: z.string().nullable(),
    repository: z.string().nullable(),
    tag: z.string().nullable(),
    digest: z.string().nullable(),
    policy: z.string().optional(),
  })
  .strict();
export type ExpectedEntry = z.infer<typeof expectedEntry>;

const templatedFile = z.object({
  templated: z.array(
    z.object({ file: z.string(), line: z.number(), kind: z.string(), text: z.string() }),
  ),
  parse_errors: z.array(z.object({ file: z.string(), line: z.number(), error: z.string() })),
  duplicate_keys: z.array(z.object({ file: z.string(), line: z.number(), key: z.string() })),
});

export function expected(name: string): ExpectedEntry[] {
  return z
    .array(expectedEntry)
    .parse(JSON.parse(readFileSync(join(CORPUS_DIR, `${name}.expected.json`), "utf8")));
}

export function templated(name: string): z.infer<typeof templatedFile> {
  return templatedFile.parse(
    JSON.parse(readFileSync(join(CORPUS_DIR, `${name}.templated.json`), "utf8")),
  );
}

/** Every file of a corpus as {path, text}, SOURCE.txt excluded. */
export function corpusFiles(name: string): Array<{ path: string; text: string }> {
  const root = join(CORPUS_DIR, name);
  const out: Array<{ path: string; text: string }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry !== "SOURCE.txt")
        out.push({
          path: relative(root, full).split("\\").join("/"),
          text: readFileSync(full, "utf8"),
        });
    }
  };
  walk(root);
  return out;
}

/** The fields design §4.1 and the corpus README compare. */
export const comparable = (r: {
  file: string;
  line: number;
  kind: string;
  image: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  policy?: string | undefined;
}): ExpectedEntry => ({
  file: r.file,
  line: r.line,
  kind: r.kind,
  image: r.image,
  repository: r.repository,
  tag: r.tag,
  digest: r.digest,
  ...(r.policy !== undefined && { policy: r.policy }),
});
