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

  /** The next `times` writes to a matching branch find it moved by someone else first. */
  conflict(fault: ConflictFault = {}): void {
    this.#conflicts.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#latency = [];
    this.#faults = [];
    this.#conflicts = [];
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
      return r.value;
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
