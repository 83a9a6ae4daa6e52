import { seededRandom } from "./random.js";

/**
 * Which requests a fault applies to: `route` is matched against the request's keys
 * ("GET /repos/{owner}/{repo}/pulls", "/repos/{owner}/{repo}/pulls" or "graphql createCommitOnBranch").
 */
export interface FaultMatch {
  route?: string | RegExp;
  method?: string;
}

export interface ErrorFault extends FaultMatch {
  status?: number;
  /** Fail only the next `times` matching requests. */
  times?: number;
  /** Fail each matching request with this probability (seeded). */
  probability?: number;
  /** "after": the request takes effect, then the client gets the error (a lost response). */
  phase?: "before" | "after";
}

export interface RateLimitFault extends FaultMatch {
  kind?: "secondary" | "primary";
  /** 403 (GitHub's usual answer) or 429. */
  status?: 403 | 429;
  retryAfter?: number;
  times?: number;
  probability?: number;
}

export interface ConflictFault {
  /** "owner/repo"; any repository when omitted. */
  repo?: string;
  branch?: string;
  times?: number;
  /** Matching ref writes to let through first (e.g. 1: strike the commit after a ref reset). */
  skip?: number;
}

/** One root field of a GraphQL document fails; the others still run (GitHub runs them one by one). */
export interface FieldFault {
  /** The root field: `createCommitOnBranch`, `createPullRequest`, ... */
  field: string;
  times?: number;
  probability?: number;
  /** Default: GitHub's "Something went wrong while executing your query" (a transient failure). */
  message?: string;
}

export type RequestFault =
  | { kind: "error"; status: number; phase: "before" | "after" }
  | { kind: "rate-limit"; limit: "secondary" | "primary"; status: 403 | 429; retryAfter: number };

interface Rule<T> {
  match: FaultMatch;
  remaining: number;
  probability: number;
  value: T;
}

/** Fault injection, deterministic for a given seed. Rules apply in the order they were added. */
export class Injector {
  #random: () => number;
  #latency: Array<{ ms: number; match: FaultMatch }> = [];
  #faults: Array<Rule<RequestFault>> = [];
  #conflicts: Array<ConflictFault & { remaining: number }> = [];
  #fieldFaults: Array<FieldFault & { remaining: number }> = [];
  #injected = new Map<string, number>();

  constructor(seed = 1) {
    this.#random = seededRandom(seed);
  }

  seed(seed: number): void {
    this.#random = seededRandom(seed);
  }

  latency(ms: number, match: FaultMatch = {}): void {
    this.#latency.push({ ms, match });
  }

  error(fault: ErrorFault = {}): void {
    this.#faults.push(
      rule(fault, { kind: "error", status: fault.status ?? 502, phase: fault.phase ?? "before" }),
    );
  }

  rateLimit(fault: RateLimitFault = {}): void {
    const value: RequestFault = {
      kind: "rate-limit",
      limit: fault.kind ?? "secondary",
      status: fault.status ?? 403,
      retryAfter: fault.retryAfter ?? 1,
    };
    this.#faults.push(rule(fault, value));
  }

  /** A root field of GraphQL documents fails with an error while the rest of the document runs. */
  fieldError(fault: FieldFault): void {
    this.#fieldFaults.push({ ...fault, remaining: fault.times ?? Infinity });
  }

  /** The error message for this root field, if a field fault applies to it now. */
  takeFieldError(field: string): string | undefined {
    for (const f of this.#fieldFaults) {
      if (f.remaining <= 0 || f.field !== field) continue;
      if ((f.probability ?? 1) < 1 && this.#random() >= (f.probability ?? 1)) continue;
      f.remaining--;
      this.#count(`field ${field}`);
      return (
        f.message ??
        "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `SIM:0000` when reporting this issue."
      );
    }
    return undefined;
  }

  /** The next `times` writes to a matching branch find it moved by someone else first. */
  conflict(fault: ConflictFault = {}): void {
    this.#conflicts.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Faults injected so far, by kind: `"502 before"`, `"secondary 429"`, `"conflict"`, ... */
  injected(): Record<string, number> {
    return Object.fromEntries([...this.#injected].sort(([a], [b]) => a.localeCompare(b)));
  }

  #count(name: string): void {
    this.#injected.set(name, (this.#injected.get(name) ?? 0) + 1);
  }

  clear(): void {
    this.#latency = [];
    this.#faults = [];
    this.#conflicts = [];
    this.#fieldFaults = [];
  }

  delayFor(keys: readonly string[], method: string): number {
    return this.#latency
      .filter((l) => matches(l.match, keys, method))
      .reduce((sum, l) => sum + l.ms, 0);
  }

  faultFor(keys: readonly string[], method: string): RequestFault | undefined {
    for (const r of this.#faults) {
      if (r.remaining <= 0 || !matches(r.match, keys, method)) continue;
      if (r.probability < 1 && this.#random() >= r.probability) continue;
      r.remaining--;
      const v = r.value;
      this.#count(v.kind === "error" ? `${v.status} ${v.phase}` : `${v.limit} ${v.status}`);
      return v;
    }
    return undefined;
  }

  takeConflict(repo: string, branch: string): boolean {
    for (const c of this.#conflicts) {
      if (c.remaining <= 0) continue;
      if (c.repo && c.repo.toLowerCase() !== repo.toLowerCase()) continue;
      if (c.branch && c.branch !== branch) continue;
      if ((c.skip ?? 0) > 0) {
        c.skip = (c.skip ?? 0) - 1;
        return false;
      }
      c.remaining--;
      this.#count("conflict");
      return true;
    }
    return false;
  }
}

function rule<T>(f: FaultMatch & { times?: number; probability?: number }, value: T): Rule<T> {
  const match: FaultMatch = {};
  if (f.route !== undefined) match.route = f.route;
  if (f.method !== undefined) match.method = f.method;
  return { match, remaining: f.times ?? Infinity, probability: f.probability ?? 1, value };
}

function matches(match: FaultMatch, keys: readonly string[], method: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  const route = match.route;
  if (route === undefined) return true;
  return keys.some((key) => {
    if (route instanceof RegExp) return route.test(key);
    return key === route || key.endsWith(` ${route}`);
  });
}
