import type { Redis } from "@sunseo/redis";
import { sleep } from "@sunseo/runtime";
import { bizppurioKeys } from "./keys.js";

/**
 * The account's send rate, shared by every instance: a counter per wall-clock second in
 * Redis. Over the limit, a caller waits for the next second. (A fixed window allows up to
 * twice the rate across a window edge; the gateway's own limit is per second, so that is
 * the granularity that matters.)
 */
const INCR_WINDOW = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end return n`;

export class RateLimiter {
  private readonly keys;
  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly perSecond: number,
  ) {
    this.keys = bizppurioKeys(keyPrefix);
  }

  /** Resolves when this caller may send one message; returns how long it waited. */
  async acquire(): Promise<number> {
    if (this.perSecond <= 0) return 0;
    let waited = 0;
    for (;;) {
      const now = Date.now();
      const second = Math.floor(now / 1000);
      const count = Number(await this.redis.eval(INCR_WINDOW, 1, this.keys.rateWindow(second), ""));
      if (count <= this.perSecond) return waited;
      const pause = (second + 1) * 1000 - now + Math.floor(Math.random() * 20);
      waited += pause;
      await sleep(pause);
    }
  }
}
