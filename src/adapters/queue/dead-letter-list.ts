import type { Redis } from "ioredis";
import type { DeadLetter } from "../../ports/queue.js";

/** Jobs the queue gave up on, newest first, capped at `limit` (a Redis list). */
export class DeadLetterList<T> {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly limit: number,
  ) {}

  async push(letter: DeadLetter<T>): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.key, JSON.stringify(letter))
      .ltrim(this.key, 0, this.limit - 1)
      .exec();
  }

  count(): Promise<number> {
    return this.redis.llen(this.key);
  }

  async newest(limit: number): Promise<DeadLetter<T>[]> {
    const raw = await this.redis.lrange(this.key, 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as DeadLetter<T>);
  }
}
