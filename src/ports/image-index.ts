/**
 * Who uses which image: per installation and repository, the image references found on the
 * default branch. Built from one recursive tree read plus the files a format can hold, refreshed
 * from `push` events (changed files only). In memory by default, in Redis with REDIS_URL.
 */
export interface IndexedReference {
  file: string;
  line: number;
  /** Normalized image repository (`docker.io/library/nginx`). */
  repository: string;
  tag: string | null;
  digest: string | null;
  kind: string;
  environment: string | null;
  editable: boolean;
  /** For a Helm values override that sets only the tag: the base values file naming the repository. */
  base?: string;
}

export interface RepoIndex {
  installationId: number;
  /** `owner/name` */
  repo: string;
  defaultBranch: string;
  /** The commit the index reflects. */
  headOid: string;
  /** Path → references in that file (files without references are not stored). */
  files: Record<string, IndexedReference[]>;
  /** `.github/bumpwarden.yml` as read at `headOid` (null when absent), for the reconcile timer. */
  config: string | null;
  /**
   * The files at `headOid` that the `review.policies` globs of `config` match (a removed file may
   * linger until the next rebuild), so a bump reads them in its one view. Absent when the config
   * names no policies or the tree listing was incomplete.
   */
  policies?: { globs: string[]; files: string[] };
}

export interface RepoUsage {
  installationId: number;
  repo: string;
  references: IndexedReference[];
}

export interface ImageIndex {
  /** Replaces everything known about a repository. */
  putRepo(index: RepoIndex): Promise<void>;
  /**
   * Updates some files of a repository (an empty list removes the file) and moves its head;
   * `policyFiles`, when given, replaces `policies.files`.
   */
  patchRepo(
    installationId: number,
    repo: string,
    headOid: string,
    files: Record<string, IndexedReference[]>,
    policyFiles?: string[],
  ): Promise<void>;
  getRepo(installationId: number, repo: string): Promise<RepoIndex | undefined>;
  /** Every indexed repository, as `[installationId, repo]` pairs. */
  repos(): Promise<Array<[number, string]>>;
  removeRepo(installationId: number, repo: string): Promise<void>;
  /** Every repository (across installations) with a reference to `repository`. */
  usages(repository: string): Promise<RepoUsage[]>;
  /** Every image repository referenced anywhere (for the reconcile timer). */
  images(): Promise<string[]>;
}
