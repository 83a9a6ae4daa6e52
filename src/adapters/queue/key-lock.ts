import type { Redis } from "ioredis";

/**
 * A lease on one job key, shared by every process on the same Redis: `SET NX PX` semantics in one
 * script that also draws the fencing token from a per-key counter, so tokens only grow. The holder
 * renews the lease while it works; a process that dies (SIGKILL) loses it when the TTL runs out.
 */
export interface KeyLease {
  key: string;
  fencingToken: number;
  /** False once the lease is gone (expired or taken): stop writing. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

const acquireScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '#' .. token, 'PX', ARGV[2])
return token`;

const renewScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class KeyLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** The lease, or null when another holder has the key. */
  async acquire(key: string, owner: string): Promise<KeyLease | null> {
    const lockKey = `${this.prefix}:lock:${key}`;
    const fenceKey = `${this.prefix}:fence:${key}`;
    const token = Number(
      await this.redis.eval(acquireScript, 2, lockKey, fenceKey, owner, this.ttlMs),
    );
    if (token === 0) return null;
    const value = `${owner}#${token}`;
    return {
      key,
      fencingToken: token,
      renew: async () =>
        Number(await this.redis.eval(renewScript, 1, lockKey, value, this.ttlMs)) === 1,
      release: async () => {
        await this.redis.eval(releaseScript, 1, lockKey, value);
      },
    };
  }

  /** The newest fencing token granted for a key (0 when never locked): compare before writing. */
  async currentToken(key: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}:fence:${key}`)) ?? 0);
  }
}
