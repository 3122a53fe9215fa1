import { fileURLToPath } from "node:url";
import { readLuaScripts, type Redis } from "@sunseo/redis";
import { emptyPhoneState, type PhoneState } from "../machine/state.js";
import type { Effect } from "./effects.js";
import type { SequencerKeys } from "./keys.js";

export interface PhoneRecord {
  /** 0 when the phone has no state yet. */
  version: number;
  state: PhoneState;
  /** Highest offset applied per input topic: a replayed message at or below it is skipped. */
  offsets: Record<string, string>;
  /** Effects of the last write that were not confirmed as carried out (a crash in between). */
  outbox: Effect[];
}

export interface PhoneWrite {
  phone: string;
  readVersion: number;
  state: PhoneState;
  offsets: Record<string, string>;
  effects: Effect[];
  /** Refkeys to mark abandoned in the send ledger with this write, unless the dispatcher claimed one first. */
  abandon: string[];
  /** Refkeys the state forgot (retention): their ledger entries go too. */
  forget: string[];
}

/** Another consumer wrote the phone since we read it (a rebalance): the batch is retried from fresh state. */
export class StaleStateError extends Error {
  readonly retriable = true;
  constructor(readonly phones: string[]) {
    super(`state of ${phones.length} phone(s) changed under us; retrying the batch`);
    this.name = "StaleStateError";
  }
}

type Scripts = {
  savePhone(
    stateKey: string,
    outboxKey: string,
    ledgerKey: string,
    read: string,
    next: string,
    doc: string,
    off: string,
    effects: string,
    ttl: string,
    abandon: string,
    forget: string,
  ): Promise<number | string[]>;
  ackOutbox(outboxKey: string, version: string): Promise<number>;
};

const luaDir = fileURLToPath(new URL("./lua", import.meta.url));

/** The sequencer's only door to Redis: reads phones in one round trip, writes them in another. */
export class PhoneStore {
  private readonly scripts: Scripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: SequencerKeys,
    private readonly ttlMs: number,
  ) {
    for (const { name, numberOfKeys, lua } of readLuaScripts(luaDir)) redis.defineCommand(name, { numberOfKeys, lua });
    this.scripts = redis as unknown as Scripts;
  }

  async load(phones: readonly string[]): Promise<Map<string, PhoneRecord>> {
    const pipeline = this.redis.pipeline();
    for (const phone of phones) {
      pipeline.hmget(this.keys.state(phone), "v", "doc", "off");
      pipeline.hmget(this.keys.outbox(phone), "effects");
    }
    const replies = (await pipeline.exec()) ?? [];
    const records = new Map<string, PhoneRecord>();
    phones.forEach((phone, i) => {
      const [stateErr, state] = replies[i * 2]!;
      const [outboxErr, outbox] = replies[i * 2 + 1]!;
      if (stateErr || outboxErr) throw stateErr ?? outboxErr;
      const [v, doc, off] = state as (string | null)[];
      const [effects] = outbox as (string | null)[];
      records.set(phone, {
        version: v ? Number(v) : 0,
        state: doc ? (JSON.parse(doc) as PhoneState) : emptyPhoneState(),
        offsets: off ? (JSON.parse(off) as Record<string, string>) : {},
        outbox: effects ? (JSON.parse(effects) as Effect[]) : [],
      });
    });
    return records;
  }

  /**
   * Writes every phone of a batch. Returns, per phone whose write was refused because the
   * dispatcher claimed a send it was abandoning, those refkeys (nothing of it was written);
   * throws StaleStateError when another member wrote a phone since it was loaded.
   */
  async save(writes: readonly PhoneWrite[]): Promise<Map<string, string[]>> {
    const results = await Promise.all(
      writes.map((w) =>
        this.scripts.savePhone(
          this.keys.state(w.phone),
          this.keys.outbox(w.phone),
          this.keys.sends(w.phone),
          String(w.readVersion),
          String(w.readVersion + 1),
          JSON.stringify(w.state),
          JSON.stringify(w.offsets),
          w.effects.length > 0 ? JSON.stringify(w.effects) : "",
          String(this.ttlMs),
          w.abandon.join(" "),
          w.forget.join(" "),
        ),
      ),
    );
    const stale = writes.filter((_, i) => results[i] === 0).map((w) => w.phone);
    if (stale.length > 0) throw new StaleStateError(stale);
    const refused = new Map<string, string[]>();
    writes.forEach((w, i) => {
      const result = results[i];
      if (Array.isArray(result)) refused.set(w.phone, result);
    });
    return refused;
  }

  /** Confirms that the effects written at these versions were carried out. */
  async ack(written: readonly { phone: string; version: number }[]): Promise<void> {
    await Promise.all(written.map((w) => this.scripts.ackOutbox(this.keys.outbox(w.phone), String(w.version))));
  }

  async scheduleTimers(timers: readonly { partition: number; member: string; dueAt: number }[]): Promise<void> {
    if (timers.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const t of timers) pipeline.zadd(this.keys.timers(t.partition), t.dueAt, t.member);
    await pipeline.exec();
  }

  async indexInstances(entries: readonly { instanceId: string; phone: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const e of entries) pipeline.set(this.keys.instance(e.instanceId), e.phone, "PX", this.ttlMs);
    await pipeline.exec();
  }

  /** Due timers of a partition, oldest first. */
  dueTimers(partition: number, now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.timers(partition), "-inf", now, "LIMIT", 0, limit);
  }

  async removeTimers(partition: number, members: readonly string[]): Promise<void> {
    if (members.length > 0) await this.redis.zrem(this.keys.timers(partition), ...members);
  }
}
