import type { DispatchResult } from "@sunseo/contracts";
import type { Redis } from "@sunseo/redis";
import type { DispatcherKeys } from "./keys.js";

/**
 * The refkey ledger that keeps replays from sending twice: a refkey is claimed (set if
 * absent) before the gateway call and holds the result afterwards. A claim found still
 * "in flight" belongs to a call that crashed midway: it may have reached the gateway, so
 * it is never sent again.
 */
export type Claim = { kind: "claimed" } | { kind: "in-flight"; since: number } | { kind: "done"; result: DispatchResult };

type Record_ = { state: "in-flight"; since: number } | { state: "done"; result: DispatchResult };

export class Ledger {
  constructor(
    private readonly redis: Redis,
    private readonly keys: DispatcherKeys,
    private readonly ttlSeconds: number,
  ) {}

  async claim(phone: string, refkey: string, now = Date.now()): Promise<Claim> {
    const key = this.keys.sendRecord(phone, refkey);
    const value: Record_ = { state: "in-flight", since: now };
    if ((await this.redis.set(key, JSON.stringify(value), "EX", this.ttlSeconds, "NX")) === "OK") return { kind: "claimed" };
    const raw = await this.redis.get(key);
    if (raw === null) return this.claim(phone, refkey, now); // expired between the two calls
    const record = JSON.parse(raw) as Record_;
    return record.state === "done" ? { kind: "done", result: record.result } : { kind: "in-flight", since: record.since };
  }

  async complete(result: DispatchResult): Promise<void> {
    const value: Record_ = { state: "done", result };
    await this.redis.set(this.keys.sendRecord(result.phone, result.refkey), JSON.stringify(value), "EX", this.ttlSeconds);
  }
}
