import { randomUUID } from "node:crypto";
import type { Redis } from "@sunseo/redis";
import { sleep } from "@sunseo/runtime";
import { bizppurioKeys } from "./keys.js";

/**
 * The access token shared by every dispatcher instance through Redis. Refreshed ahead of
 * its expiry by exactly one instance (a lock with an owner id, released only by its owner);
 * the others keep using the still-valid token or wait briefly for the new one.
 */
export interface IssuedToken {
  accesstoken: string;
  expiresAt: number;
}

interface StoredToken extends IssuedToken {
  /** When to refresh: refreshAheadMs before expiry, but never earlier than half its lifetime. */
  refreshAt: number;
}

export interface TokenStoreOptions {
  redis: Redis;
  keyPrefix: string;
  /** Calls the gateway's /v1/token. */
  issue: () => Promise<IssuedToken>;
  refreshAheadMs: number;
  lockTtlMs: number;
  now?: () => number;
}

// Deletes the key only when it still holds the given value (a lock we own, a token we saw fail).
const DELETE_IF_FIELD = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('DEL', KEYS[1]) end return 0`;
const DELETE_IF_VALUE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class TokenStore {
  private readonly keys;
  private memory: StoredToken | undefined;
  private readonly now: () => number;

  constructor(private readonly o: TokenStoreOptions) {
    this.keys = bizppurioKeys(o.keyPrefix);
    this.now = o.now ?? Date.now;
  }

  private fresh(t: StoredToken): boolean {
    return this.now() < t.refreshAt;
  }

  /** Keeps the token for the next calls of this process and hands it out. */
  private remember(t: StoredToken): string {
    this.memory = t;
    return t.accesstoken;
  }

  private async read(): Promise<StoredToken | undefined> {
    const h = await this.o.redis.hgetall(this.keys.token);
    if (!h.accesstoken || !h.expiresAt || !h.refreshAt) return undefined;
    return { accesstoken: h.accesstoken, expiresAt: Number(h.expiresAt), refreshAt: Number(h.refreshAt) };
  }

  async get(): Promise<string> {
    if (this.memory && this.fresh(this.memory)) return this.memory.accesstoken;
    const deadline = this.now() + 2 * this.o.lockTtlMs;
    for (;;) {
      const stored = await this.read();
      if (stored && this.fresh(stored)) return this.remember(stored);
      const owner = randomUUID();
      if ((await this.o.redis.set(this.keys.tokenLock, owner, "PX", this.o.lockTtlMs, "NX")) === "OK") {
        try {
          const again = await this.read();
          if (again && this.fresh(again)) return this.remember(again);
          const issued = await this.o.issue();
          const ttl = Math.max(1, issued.expiresAt - this.now());
          const refreshAt = issued.expiresAt - Math.min(this.o.refreshAheadMs, ttl / 2);
          await this.o.redis
            .multi()
            .del(this.keys.token)
            .hset(this.keys.token, { accesstoken: issued.accesstoken, expiresAt: String(issued.expiresAt), refreshAt: String(refreshAt) })
            .pexpire(this.keys.token, ttl)
            .exec();
          return this.remember({ ...issued, refreshAt });
        } finally {
          await this.o.redis.eval(DELETE_IF_VALUE, 1, this.keys.tokenLock, owner);
        }
      }
      // Another instance is refreshing: a token that has not expired yet still works meanwhile.
      if (stored && this.now() < stored.expiresAt) return stored.accesstoken;
      if (this.now() > deadline) throw new Error("timed out waiting for another instance to refresh the Bizppurio token");
      await sleep(25);
    }
  }

  /** The gateway refused this token (401): drop it, unless another instance already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.memory?.accesstoken === token) this.memory = undefined;
    await this.o.redis.eval(DELETE_IF_FIELD, 1, this.keys.token, "accesstoken", token);
  }
}
