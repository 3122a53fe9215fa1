import { fileURLToPath } from "node:url";
import type { DispatchResult } from "@sunseo/contracts";
import { readLuaScripts, type Redis } from "@sunseo/redis";
import { sendLedgerKey } from "./keys.js";

/**
 * The refkey ledger that keeps a step from reaching the gateway twice, or after the
 * sequencer gave up on it. The dispatcher claims a refkey right before it writes the
 * request (after the rate limiter, the token and a free socket), so "claimed" means "the
 * request may have been written"; it releases the claim when an answer proves the gateway
 * did not take it, and records the result otherwise. The sequencer abandons a refkey
 * nobody claimed, atomically with its own state.
 */
export type Claim =
  /** Ours: write the request now. */
  | { kind: "claimed" }
  /** The sequencer took it back: never send it. */
  | { kind: "abandoned" }
  /** Claimed by an attempt that never finished (a crash, or a member that lost the partition): it may have been sent. */
  | { kind: "in-flight"; since: number }
  /** Already answered: re-emit the result. */
  | { kind: "done"; result: DispatchResult };

type Scripts = {
  claimSend(key: string, refkey: string, token: string, now: string, ttlMs: string): Promise<string[]>;
  releaseSend(key: string, refkey: string, token: string): Promise<number>;
  completeSend(key: string, refkey: string, result: string, ttlMs: string): Promise<number>;
};

const luaDir = fileURLToPath(new URL("./lua", import.meta.url));

export class SendLedger {
  private readonly scripts: Scripts;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    for (const { name, numberOfKeys, lua } of readLuaScripts(luaDir)) redis.defineCommand(name, { numberOfKeys, lua });
    this.scripts = redis as unknown as Scripts;
  }

  /** `token` names this attempt: retrying a claim whose reply was lost finds it ours. */
  async claim(phone: string, refkey: string, token: string, now = Date.now()): Promise<Claim> {
    const [kind, detail] = await this.scripts.claimSend(sendLedgerKey(this.prefix, phone), refkey, token, String(now), String(this.ttlMs));
    switch (kind) {
      case "claimed":
      case "abandoned":
        return { kind };
      case "in-flight":
        return { kind, since: Number(detail) };
      case "done":
        return { kind, result: JSON.parse(detail!) as DispatchResult };
      default:
        throw new Error(`unexpected answer from claimSend: ${String(kind)}`);
    }
  }

  async release(phone: string, refkey: string, token: string): Promise<void> {
    await this.scripts.releaseSend(sendLedgerKey(this.prefix, phone), refkey, token);
  }

  async complete(result: DispatchResult): Promise<void> {
    await this.scripts.completeSend(sendLedgerKey(this.prefix, result.phone), result.refkey, JSON.stringify(result), String(this.ttlMs));
  }
}
