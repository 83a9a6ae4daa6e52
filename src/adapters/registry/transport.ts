import type { Clock } from "../../ports/clock.js";
import type { RegistryErrorCode } from "../../ports/registry.js";
import type { Result } from "../../core/result.js";
import { err, ok } from "../../core/result.js";
import { parseChallenge } from "./challenge.js";
import type { Challenge } from "./challenge.js";
import type { Credential, CredentialStore } from "./credentials.js";
import { envPrefix } from "./credentials.js";
import { isLoopback } from "./hosts.js";
import { createLimiter } from "./limiter.js";
import { fetchWithRetry } from "./retry.js";
import type { RetryOptions } from "./retry.js";
import { readTokenResponse, tokenRequest } from "./token.js";

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export interface TransportError {
  code: RegistryErrorCode;
  message: string;
  status?: number;
}

export interface RequestEvent {
  method: string;
  url: string;
  status: number;
  /** Response headers (rate-limit headers for metrics). */
  headers: Headers;
}

export interface TransportOptions extends Partial<RetryOptions> {
  credentials: CredentialStore;
  clock: Clock;
  fetch?: typeof fetch;
  /** Hosts spoken to over plain HTTP. Nothing else ever is. */
  insecureHosts?: readonly string[];
  /** Requests in flight per host (default 4). */
  concurrency?: number;
  userAgent?: string;
  /** Called after every HTTP exchange (metrics, request counting in tests and benches). */
  onRequest?: (event: RequestEvent) => void;
}

export interface RequestSpec {
  method: "GET" | "HEAD";
  /** Host the API is served from, and the path (with query) under it. */
  host: string;
  path: string;
  /** Token scope, e.g. `repository:acme/api:pull`. */
  scope: string;
  headers?: Record<string, string>;
  maxBytes?: number;
}

/** Distribution v2 HTTP: auth challenges (Bearer/Basic), tokens cached per scope, per-host limits, retries. */
export class Transport {
  private readonly fetchFn: typeof fetch;
  private readonly insecure: Set<string>;
  private readonly limit: <T>(key: string, task: () => Promise<T>) => Promise<T>;
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, { header: string; expiresAt: number }>();
  private readonly retry: RetryOptions;

  constructor(private readonly options: TransportOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.insecure = new Set((options.insecureHosts ?? []).map((h) => h.toLowerCase()));
    this.limit = createLimiter(options.concurrency ?? 4);
    this.retry = {
      maxRetries: options.maxRetries ?? 3,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      clock: options.clock,
    };
  }

  baseUrl(host: string): string {
    return `${this.insecure.has(host.toLowerCase()) ? "http" : "https"}://${host}`;
  }

  async request(spec: RequestSpec): Promise<Result<HttpResult, TransportError>> {
    const url = this.baseUrl(spec.host) + spec.path;
    let auth = await this.knownAuth(spec.host, spec.scope);
    if (!auth.ok) return auth;
    let res = await this.send(url, spec, auth.value);
    if (!res.ok || res.value.status !== 401) return res;
    const challenge = parseChallenge(res.value.headers.get("www-authenticate"));
    if (!challenge) return err(this.denial(spec, 401, null));
    this.challenges.set(spec.host, challenge);
    auth = await this.authorize(spec.host, spec.scope, challenge);
    if (!auth.ok) return auth;
    if (auth.value === null) return err(this.denial(spec, 401, null));
    res = await this.send(url, spec, auth.value);
    if (res.ok && res.value.status === 401) {
      this.tokens.delete(`${spec.host}|${spec.scope}`);
      return err(this.denial(spec, 401, this.options.credentials.lookup(spec.host)));
    }
    return res;
  }

  private denial(spec: RequestSpec, status: number, cred: Credential | null): TransportError {
    const hint = `set ${envPrefix(spec.host)}_USERNAME and _PASSWORD, or an "auths" entry for ${spec.host} in a Docker config.json`;
    return {
      code: "unauthorized",
      status,
      message: cred
        ? `${spec.host} refused the configured credentials for ${spec.scope}`
        : `${spec.host} needs credentials for ${spec.scope}: ${hint}`,
    };
  }

  /** The Authorization header we can send before being challenged (cached token, known Basic). */
  private async knownAuth(
    host: string,
    scope: string,
  ): Promise<Result<string | null, TransportError>> {
    const challenge = this.challenges.get(host);
    if (!challenge) return ok(null);
    return this.authorize(host, scope, challenge);
  }

  private async authorize(
    host: string,
    scope: string,
    challenge: Challenge,
  ): Promise<Result<string | null, TransportError>> {
    const cred = this.options.credentials.lookup(host);
    if (challenge.scheme === "basic")
      return ok(
        cred?.kind === "basic"
          ? `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString("base64")}`
          : null,
      );
    if (challenge.scheme !== "bearer") return ok(null);
    if (cred?.kind === "bearer") return ok(`Bearer ${cred.token}`);
    const key = `${host}|${scope}`;
    const cached = this.tokens.get(key);
    const now = this.options.clock.now().getTime();
    if (cached && cached.expiresAt > now) return ok(cached.header);
    const token = await this.fetchToken(host, scope, challenge, cred);
    if (!token.ok) return token;
    // Refresh 10 s early so a token never expires between check and use.
    this.tokens.set(key, {
      header: `Bearer ${token.value.token}`,
      expiresAt: now + Math.max(token.value.expiresIn - 10, 5) * 1000,
    });
    return ok(`Bearer ${token.value.token}`);
  }

  private async fetchToken(
    host: string,
    scope: string,
    challenge: Challenge,
    cred: Credential | null,
  ): Promise<Result<{ token: string; expiresIn: number }, TransportError>> {
    const realm = challenge.params.realm;
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm ?? "");
    } catch {
      return err({
        code: "invalid-response",
        message: `${host} sent a Bearer challenge without a usable realm`,
      });
    }
    if (
      realmUrl.protocol !== "https:" &&
      !(realmUrl.protocol === "http:" && this.plainHttpAllowed(realmUrl.host, host))
    )
      return err({
        code: "insecure-refused",
        message: `${host} asks for tokens at ${realmUrl.origin}; credentials are never sent over plain HTTP to a non-loopback host`,
      });
    const request = tokenRequest(
      realmUrl,
      challenge,
      scope,
      cred,
      this.options.userAgent ?? "bumpwarden",
    );
    const res = await fetchWithRetry(
      this.fetchFn,
      request.url,
      request.init,
      this.retry,
      this.limit,
      realmUrl.host,
      1 << 20,
      this.options.onRequest,
    );
    if (!res.ok) return res;
    return readTokenResponse(res.value, host, scope, cred !== null);
  }

  /** A token realm over plain HTTP: only when configured, or on loopback for an insecure registry. */
  private plainHttpAllowed(realmHost: string, registryHost: string): boolean {
    const h = realmHost.toLowerCase();
    return this.insecure.has(h) || (isLoopback(h) && this.insecure.has(registryHost.toLowerCase()));
  }

  private send(
    url: string,
    spec: RequestSpec,
    authorization: string | null,
  ): Promise<Result<HttpResult, TransportError>> {
    const headers: Record<string, string> = {
      "user-agent": this.options.userAgent ?? "bumpwarden",
      ...spec.headers,
    };
    if (authorization) headers.authorization = authorization;
    return fetchWithRetry(
      this.fetchFn,
      url,
      { method: spec.method, headers },
      this.retry,
      this.limit,
      spec.host,
      spec.maxBytes ?? 8 << 20,
      this.options.onRequest,
      (next) =>
        next.protocol === "https:" ||
        (next.protocol === "http:" && this.insecure.has(next.host.toLowerCase())),
    );
  }
}
