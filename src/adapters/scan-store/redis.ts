import type { Redis } from "ioredis";
import type { ScanStore, StoredScan } from "../../ports/scan-store.js";

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Scans in Redis, shared by replicas: one JSON value per digest with a TTL (default 30 days; an
 * image not rescanned for that long has no trustworthy scan). A later scan replaces an earlier
 * one atomically (compare `receivedAt` inside a Lua script), so two replicas handling Harbor's
 * retries cannot put an older result back.
 */
export class RedisScanStore implements ScanStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "bw:scan",
    private readonly ttlSeconds = 30 * DAY_SECONDS,
  ) {}

  async put(scan: StoredScan): Promise<void> {
    await this.redis.eval(
      PUT_IF_NEWER,
      1,
      this.key(scan.digest),
      JSON.stringify(scan),
      scan.receivedAt,
      this.ttlSeconds,
    );
  }

  async get(digest: string): Promise<StoredScan | undefined> {
    const raw = await this.redis.get(this.key(digest));
    return raw ? (JSON.parse(raw) as StoredScan) : undefined;
  }

  private key(digest: string): string {
    return `${this.prefix}:${digest}`;
  }
}

const PUT_IF_NEWER = `
local before = redis.call('GET', KEYS[1])
if before then
  local ok, decoded = pcall(cjson.decode, before)
  if ok and type(decoded) == 'table' and type(decoded.receivedAt) == 'string' and decoded.receivedAt > ARGV[2] then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
return 1
`;
