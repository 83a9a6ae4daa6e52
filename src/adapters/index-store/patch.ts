import type { IndexedReference, RepoIndex } from "../../ports/image-index.js";

/**
 * `index` after `ImageIndex.patchRepo`: the new head, `files` replacing those paths (an empty
 * list removes the file), and the policy files when given. `index` itself is left as it was.
 */
export function patchedRepo(
  index: RepoIndex,
  headOid: string,
  files: Record<string, IndexedReference[]>,
  policyFiles?: readonly string[],
): RepoIndex {
  const next: RepoIndex = { ...index, headOid, files: { ...index.files } };
  if (index.policies && policyFiles)
    next.policies = { globs: [...index.policies.globs], files: [...policyFiles] };
  for (const [path, refs] of Object.entries(files)) {
    if (refs.length === 0) delete next.files[path];
    else next.files[path] = refs;
  }
  return next;
}
