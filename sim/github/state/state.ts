import { GitStore } from "../git/store.js";
import { ActionsState } from "./actions.js";
import type { Account, InstallationRecord, RepoRecord } from "./types.js";

export interface AppIdentity {
  id: number;
  clientId: string;
  slug: string;
  name: string;
  owner: Account;
}

export interface TokenRecord {
  installationId: number;
  expiresAt: Date;
}

export interface StateOptions {
  /** Entries a tree listing returns before it reports `truncated` (GitHub: 100,000). */
  treeEntryLimit: number;
  /** When set, app JWTs must be RS256-signed by this key's private half and unexpired. */
  appPublicKey?: string | undefined;
}

export const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Everything the simulated GitHub knows. Plain data plus lookups; behaviour lives in the modules
 * beside it (refs.ts, pulls.ts, …) so each stays small.
 */
export class SimState {
  readonly repos = new Map<string, RepoRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly users = new Map<string, Account>();
  /** Workflow runs, their artifacts and the pre-signed downloads handed out for them. */
  readonly actions = new ActionsState();
  readonly app: AppIdentity;
  readonly bot: Account;
  #id = 1000;

  constructor(
    readonly now: () => Date,
    app: { id: number; slug: string; name: string; owner: string },
    readonly options: StateOptions = { treeEntryLimit: 100_000 },
  ) {
    this.app = {
      id: app.id,
      clientId: `Iv1.sim${app.id}`,
      slug: app.slug,
      name: app.name,
      owner: this.user(app.owner, "Organization"),
    };
    this.bot = this.user(`${app.slug}[bot]`, "Bot");
  }

  nextId(): number {
    return ++this.#id;
  }

  timestamp(): string {
    return iso(this.now());
  }

  /** The account with this login, created on first mention. */
  user(login: string, type: Account["type"] = "User"): Account {
    const key = login.toLowerCase();
    let account = this.users.get(key);
    if (!account) {
      account = { login, id: this.nextId(), type };
      this.users.set(key, account);
    }
    return account;
  }

  repo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  repoById(id: number): RepoRecord | undefined {
    for (const r of this.repos.values()) if (r.id === id) return r;
    return undefined;
  }

  addRepo(owner: Account, name: string, defaultBranch: string, isPrivate: boolean): RepoRecord {
    const fullName = `${owner.login}/${name}`;
    const repo: RepoRecord = {
      id: this.nextId(),
      owner,
      name,
      fullName,
      private: isPrivate,
      defaultBranch,
      git: new GitStore(),
      refs: new Map(),
      nextNumber: 1,
      issues: new Map(),
      pulls: new Map(),
      labels: new Map(),
      collaborators: new Map([[owner.login.toLowerCase(), "admin"]]),
      issueComments: new Map(),
      reviews: new Map(),
      reviewComments: new Map(),
      threads: new Map(),
      checkRuns: new Map(),
      checkSuites: new Map(),
      statuses: [],
      verified: new Set(),
      createdAt: this.timestamp(),
      settings: {
        allowSquashMerge: true,
        allowMergeCommit: true,
        allowRebaseMerge: true,
        squashMergeCommitTitle: "COMMIT_OR_PR_TITLE",
        squashMergeCommitMessage: "COMMIT_MESSAGES",
      },
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  installationFor(repo: RepoRecord): InstallationRecord | undefined {
    for (const inst of this.installations.values()) {
      if (inst.account.id !== repo.owner.id) continue;
      if (inst.repositories === "all" || inst.repositories.has(repo.fullName.toLowerCase()))
        return inst;
    }
    return undefined;
  }

  installationRepos(inst: InstallationRecord): RepoRecord[] {
    return [...this.repos.values()].filter((r) => this.installationFor(r)?.id === inst.id);
  }
}
