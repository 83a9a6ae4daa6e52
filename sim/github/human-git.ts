import { fail } from "./errors.js";
import { listTree, lookupPath } from "./git/tree-edit.js";
import {
  authorSignature,
  branchHead,
  createRef,
  deleteRef,
  fileChanges,
  resolveRev,
  updateRef,
  writeCommit,
} from "./state/refs.js";
import type { SimState } from "./state/state.js";
import type { InstallationRecord, RepoRecord } from "./state/types.js";

export type Files = Record<string, string | Buffer | null>;

/** Default permissions of a test installation: what bumpwarden's app.yml asks for. */
const PERMISSIONS = {
  contents: "write",
  pull_requests: "write",
  issues: "write",
  checks: "write",
  statuses: "read",
  metadata: "read",
  packages: "read",
  actions: "read",
};

/** Setup and git activity of people: install the app, create repositories, push, branch, read. */
export class HumanGit {
  constructor(readonly state: SimState) {}

  installApp(options: {
    account: string;
    type?: "User" | "Organization";
    repositories?: "all" | string[];
    id?: number;
    permissions?: Record<string, string>;
    events?: string[];
  }): InstallationRecord {
    const account = this.state.user(options.account, options.type ?? "Organization");
    const repos = options.repositories ?? "all";
    const inst: InstallationRecord = {
      id: options.id ?? this.state.nextId(),
      account,
      repositories:
        repos === "all"
          ? "all"
          : new Set(
              repos.map((r) => (r.includes("/") ? r : `${account.login}/${r}`).toLowerCase()),
            ),
      permissions: options.permissions ?? PERMISSIONS,
      events: options.events ?? [
        "pull_request",
        "push",
        "issue_comment",
        "check_run",
        "registry_package",
        "workflow_run",
      ],
      createdAt: this.state.timestamp(),
    };
    this.state.installations.set(inst.id, inst);
    return inst;
  }

  createRepo(options: {
    owner: string;
    name: string;
    files?: Files;
    defaultBranch?: string;
    private?: boolean;
    message?: string;
  }): RepoRecord {
    const owner = this.state.user(
      options.owner,
      this.state.users.get(options.owner.toLowerCase())?.type ?? "Organization",
    );
    if (this.state.repo(`${owner.login}/${options.name}`))
      fail(422, `Repository ${options.owner}/${options.name} already exists`);
    const repo = this.state.addRepo(
      owner,
      options.name,
      options.defaultBranch ?? "main",
      options.private ?? true,
    );
    const sha = writeCommit(repo, {
      parent: null,
      changes: fileChanges(repo, options.files ?? { "README.md": `# ${options.name}\n` }),
      message: options.message ?? "Initial commit",
      author: authorSignature(this.state, owner),
    });
    repo.refs.set(`refs/heads/${repo.defaultBranch}`, sha);
    return repo;
  }

  repo(fullName: string): RepoRecord {
    return this.state.repo(fullName) ?? fail(404, `no repository ${fullName}`);
  }

  /** Pushes one commit with these file changes (null deletes) to a branch, creating it from `from` if needed. */
  push(
    fullName: string,
    branch: string,
    files: Files,
    options: { message?: string; author?: string; from?: string } = {},
  ): string {
    const repo = this.repo(fullName);
    const parent =
      branchHead(repo, branch) ?? resolveRev(repo, options.from ?? repo.defaultBranch) ?? null;
    const who = this.state.user(options.author ?? "octocat", "User");
    const sha = writeCommit(repo, {
      parent,
      changes: fileChanges(repo, files),
      message: options.message ?? `Update ${Object.keys(files).join(", ")}`,
      author: authorSignature(this.state, who),
    });
    const ref = `refs/heads/${branch}`;
    const moved = repo.refs.has(ref)
      ? updateRef(this.state, repo, ref, sha, true)
      : createRef(this.state, repo, ref, sha);
    if (!moved.ok) fail(moved.error.status, moved.error.message);
    return sha;
  }

  createBranch(fullName: string, branch: string, from?: string): string {
    const repo = this.repo(fullName);
    const sha = resolveRev(repo, from ?? repo.defaultBranch) ?? fail(404, `no revision ${from}`);
    const made = createRef(this.state, repo, `refs/heads/${branch}`, sha);
    if (!made.ok) fail(made.error.status, made.error.message);
    return sha;
  }

  deleteBranch(fullName: string, branch: string): void {
    deleteRef(this.state, this.repo(fullName), `refs/heads/${branch}`);
  }

  readFile(fullName: string, ref: string, path: string): string | undefined {
    const repo = this.repo(fullName);
    const commit = resolveRev(repo, ref);
    const entry = commit
      ? lookupPath(repo.git, repo.git.commit(commit)?.tree ?? "", path)
      : undefined;
    return entry?.type === "blob" ? repo.git.blob(entry.sha)?.toString("utf8") : undefined;
  }

  listFiles(fullName: string, ref: string): string[] {
    const repo = this.repo(fullName);
    const commit = resolveRev(repo, ref) ?? fail(404, `no revision ${ref}`);
    return listTree(repo.git, repo.git.commit(commit)?.tree ?? "", true)
      .filter((e) => e.type === "blob")
      .map((e) => e.path);
  }
}
