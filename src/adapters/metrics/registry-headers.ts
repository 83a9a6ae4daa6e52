import type { Metrics } from "./metrics.js";

type HeaderValue = string | readonly string[] | null | undefined;
type HeaderSource = { get(name: string): string | null } | Record<string, HeaderValue>;

/**
 * Records a registry response's rate-limit headers. Docker Hub sends
 * `ratelimit-limit: 100;w=21600` and `ratelimit-remaining: 76;w=21600`
 * (https://docs.docker.com/docker-hub/usage/pulls/); some registries send the
 * `x-ratelimit-*` pair instead. Returns the remaining count it recorded, if any.
 */
export function recordRegistryRateLimit(
  metrics: Metrics,
  registry: string,
  headers: HeaderSource,
): number | undefined {
  const remaining = firstNumber(
    read(headers, "ratelimit-remaining") ?? read(headers, "x-ratelimit-remaining"),
  );
  if (remaining === undefined) return undefined;
  const limit = firstNumber(read(headers, "ratelimit-limit") ?? read(headers, "x-ratelimit-limit"));
  metrics.registryRateLimit({ registry, remaining, limit });
  return remaining;
}

function read(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === "function")
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const value = (headers as Record<string, HeaderValue>)[name];
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : value[0];
}

/** `76;w=21600` → 76. */
function firstNumber(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^\s*(\d+)/.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
