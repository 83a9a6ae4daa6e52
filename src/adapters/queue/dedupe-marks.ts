import type { Redis } from "ioredis";
import type { DedupeMark } from "../../ports/queue.js";

export type MarkHit = { state: "in-flight" | "done"; jobId: string; mark: string };

/**
 * Mark values are `in-flight|<jobId>|<since ms>` or `done|<jobId>`. An in-flight mark is stale —
 * and taken over — when its job is gone or failed and the mark is older than `claimGraceMs` (the
 * gap between claiming the marks and adding the job), so a crash between the two, or a job that
 * ended in the dead-letter list without clearing its marks, never blocks a redelivery.
 */
const claimScript = `
local now = tonumber(ARGV[3])
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  if v then
    local state, id, since = string.match(v, '^([%a-]+)|([^|]+)|?(%d*)$')
    if state == 'done' then return {i, v} end
    local alive = redis.call('EXISTS', ARGV[4] .. id) == 1 and not redis.call('ZSCORE', ARGV[5], id)
    if alive or now - tonumber(since ~= '' and since or '0') < tonumber(ARGV[6]) then return {i, v} end
  end
end
for i, k in ipairs(KEYS) do
  redis.call('SET', k, 'in-flight|' .. ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[2])
end
return 0`;

const doneScript = `
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  if v and string.find(v, '|' .. ARGV[1] .. '|', 1, true) then
    redis.call('SET', k, 'done|' .. ARGV[1], 'PX', ARGV[i + 1])
  end
end
return 0`;

const dropScript = `
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  if v and string.find(v, '|' .. ARGV[1] .. '|', 1, true) then redis.call('DEL', k) end
end
return 0`;

export interface MarkStoreOptions {
  prefix: string;
  /** BullMQ's key for a job hash, without the id: `<bull prefix>:<queue>:`. */
  jobKeyPrefix: string;
  /** BullMQ's failed set: `<bull prefix>:<queue>:failed`. */
  failedKey: string;
  /** How long an in-flight mark lives at most (a job that never finishes). */
  inFlightTtlMs: number;
  claimGraceMs: number;
}

export class MarkStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: MarkStoreOptions,
  ) {}

  #keys(marks: readonly DedupeMark[]): string[] {
    return marks.map((m) => `${this.options.prefix}:mark:${m.key}`);
  }

  /** Claims every mark for `jobId`, or returns the first one already held. */
  async claim(marks: readonly DedupeMark[], jobId: string, now: number): Promise<MarkHit | null> {
    if (marks.length === 0) return null;
    const o = this.options;
    const result = (await this.redis.eval(
      claimScript,
      marks.length,
      ...this.#keys(marks),
      jobId,
      o.inFlightTtlMs,
      now,
      o.jobKeyPrefix,
      o.failedKey,
      o.claimGraceMs,
    )) as 0 | [number, string];
    if (result === 0) return null;
    const [index, value] = result;
    const [state, id] = value.split("|");
    return {
      state: state === "done" ? "done" : "in-flight",
      jobId: id ?? "",
      mark: marks[index - 1]?.key ?? "",
    };
  }

  /** After success: the job's marks turn "done" for their TTLs. */
  async done(marks: readonly DedupeMark[], jobId: string): Promise<void> {
    if (marks.length === 0) return;
    await this.redis.eval(
      doneScript,
      marks.length,
      ...this.#keys(marks),
      jobId,
      ...marks.map((m) => m.ttlMs),
    );
  }

  /** After a final failure (or a failed enqueue): free the marks so a redelivery runs again. */
  async drop(marks: readonly DedupeMark[], jobId: string): Promise<void> {
    if (marks.length === 0) return;
    await this.redis.eval(dropScript, marks.length, ...this.#keys(marks), jobId);
  }
}
