import type { IndexedReference, RepoIndex } from "../../ports/image-index.js";

/**
 * `index` after `ImageIndex.patchRepo`: the new head, and `files` replacing those paths (an empty
 * list removes the file). `index` itself is left as it was.
 */
export function patchedRepo(
  index: RepoIndex,
  headOid: string,
  files: Record<string, IndexedReference[]>,
): RepoIndex {
  const next: RepoIndex = { ...index, headOid, files: { ...index.files } };
  for (const [path, refs] of Object.entries(files)) {
    if (refs.length === 0) delete next.files[path];
    else next.files[path] = refs;
  }
  return next;
}
