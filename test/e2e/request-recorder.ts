import type { GitHubClient } from "../../src/adapters/github/client.js";

/** A client wrapper that records when each request started and ended. */
export class RequestRecorder {
  private spans: Array<{ start: number; end: number }> = [];

  wrap(client: GitHubClient): GitHubClient {
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const span = { start: performance.now(), end: Number.POSITIVE_INFINITY };
      this.spans.push(span);
      try {
        return await call();
      } finally {
        span.end = performance.now();
      }
    };
    return {
      graphql: <T>(query: string, variables?: Record<string, unknown>) =>
        timed(() => client.graphql<T>(query, variables)),
      request: (route, parameters) => timed(() => client.request(route, parameters)),
    };
  }

  reset(): void {
    this.spans = [];
  }

  get count(): number {
    return this.spans.length;
  }

  /**
   * Sequential depth: the longest chain of requests each of which started after the previous
   * one had finished. Requests in flight together count once.
   */
  depth(): number {
    const spans = [...this.spans].sort((a, b) => a.start - b.start);
    const depths: number[] = [];
    spans.forEach((s, i) => {
      let before = 0;
      for (let j = 0; j < i; j++)
        if ((spans[j]?.end ?? Infinity) <= s.start) before = Math.max(before, depths[j] ?? 0);
      depths.push(before + 1);
    });
    return Math.max(0, ...depths);
  }
}
