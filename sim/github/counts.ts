/** Requests received, by "METHOD /route/{template}" (GraphQL also by "graphql <operation> <field>"). */
export class RequestCounts {
  readonly #counts = new Map<string, number>();

  add(key: string): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Count for one key: `get("GET /repos/{owner}/{repo}/pulls")` or `get("GET", "/repos/{owner}/{repo}/pulls")`. */
  get(methodOrKey: string, template?: string): number {
    return this.#counts.get(template ? `${methodOrKey} ${template}` : methodOrKey) ?? 0;
  }

  /** All REST and GraphQL HTTP requests (not the per-field GraphQL keys). */
  total(): number {
    let n = 0;
    for (const [key, value] of this.#counts) if (!key.startsWith("graphql ")) n += value;
    return n;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.#counts.clear();
  }
}
