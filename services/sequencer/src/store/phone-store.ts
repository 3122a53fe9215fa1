import { fileURLToPath } from "node:url";
import { emptyPhoneState, parsePhoneState, TERMINAL, type PhoneState, type SequencerKeys } from "@sunseo/flow-state";
import { readLuaScripts, type Redis } from "@sunseo/redis";
import type { Effect } from "./effects.js";
import { RecordCache } from "./record-cache.js";

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

/**
 * The sequencer's only door to Redis. It remembers the records it wrote for the phones of
 * the partitions it owns, so a phone's next event costs one Redis call (the save), not two;
 * the save's compare-and-set still guards against anyone else having written meanwhile
 * (then the phone is forgotten and read afresh). `forgetAll` after a rebalance.
 */
export class PhoneStore {
  private readonly scripts: Scripts;
  private readonly cache: RecordCache;

  constructor(
    private readonly redis: Redis,
    private readonly keys: SequencerKeys,
    private readonly ttlMs: number,
    cachedPhones = 4_000,
  ) {
    for (const { name, numberOfKeys, lua } of readLuaScripts(luaDir)) redis.defineCommand(name, { numberOfKeys, lua });
    this.scripts = redis as unknown as Scripts;
    this.cache = new RecordCache(cachedPhones);
  }

  /** Cached records as they are; the others in one round trip (auto-pipelined: it keeps its place behind earlier writes). */
  async load(phones: readonly string[]): Promise<Map<string, PhoneRecord>> {
    const records = new Map<string, PhoneRecord>();
    const missing: string[] = [];
    for (const phone of phones) {
      const cached = this.cache.get(phone);
      if (cached) records.set(phone, cached);
      else missing.push(phone);
    }
    const replies = await Promise.all(
      missing.map((phone) => Promise.all([this.redis.hmget(this.keys.state(phone), "v", "doc", "off"), this.redis.hget(this.keys.outbox(phone), "effects")])),
    );
    missing.forEach((phone, i) => {
      const [[v, doc, off], effects] = replies[i]!;
      records.set(phone, {
        version: v ? Number(v) : 0,
        state: doc ? parsePhoneState(doc) : emptyPhoneState(),
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
    const refused = new Map<string, string[]>();
    const stale: string[] = [];
    writes.forEach((w, i) => {
      const result = results[i];
      // Only phones with something still going on are likely to hear from us again soon: memory stays with live flows.
      if (result === 1 && isLive(w.state)) this.cache.set(w.phone, { version: w.readVersion + 1, state: w.state, offsets: w.offsets, outbox: w.effects });
      else if (result === 1) this.cache.delete(w.phone);
      else if (Array.isArray(result)) refused.set(w.phone, result);
      else stale.push(w.phone);
    });
    for (const phone of stale) this.cache.delete(phone);
    if (stale.length > 0) throw new StaleStateError(stale);
    return refused;
  }

  /** Another member may own these phones now: read them afresh. */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Confirms that the effects written at these versions were carried out. */
  async ack(written: readonly { phone: string; version: number }[]): Promise<void> {
    for (const w of written) this.cache.clearOutbox(w.phone, w.version);
    await Promise.all(written.map((w) => this.scripts.ackOutbox(this.keys.outbox(w.phone), String(w.version))));
  }

  /** One ZADD per partition (its timers share the partition's key, so one slot on Cluster); the partitions auto-pipelined. */
  async scheduleTimers(timers: readonly { partition: number; member: string; dueAt: number }[]): Promise<void> {
    await Promise.all(
      [...byPartition(timers)].map(([partition, group]) => this.redis.zadd(this.keys.timers(partition), ...group.flatMap((t) => [t.dueAt, t.member]))),
    );
  }

  async dropTimers(timers: readonly { partition: number; member: string }[]): Promise<void> {
    await Promise.all(
      [...byPartition(timers)].map(([partition, group]) =>
        this.removeTimers(
          partition,
          group.map((t) => t.member),
        ),
      ),
    );
  }

  /**
   * One SET per instance, auto-pipelined: ioredis groups them into one pipeline per node, which
   * an explicit pipeline cannot do on Cluster (the instance keys are spread over every slot).
   */
  async indexInstances(entries: readonly { instanceId: string; phone: string }[]): Promise<void> {
    await Promise.all(entries.map((e) => this.redis.set(this.keys.instance(e.instanceId), e.phone, "PX", this.ttlMs)));
  }

  /** Adds phones with a flow still going to their partition's live index, removes those without. */
  async indexLive(entries: readonly { partition: number; phone: string; live: boolean }[], now: number): Promise<void> {
    // One ZADD and one ZREM per partition key: a pipeline over several partitions would span Cluster slots.
    await Promise.all(
      [...byPartition(entries)].flatMap(([partition, group]) => {
        const key = this.keys.live(partition);
        const added = group.filter((e) => e.live).flatMap((e) => [now, e.phone]);
        const removed = group.filter((e) => !e.live).map((e) => e.phone);
        return [...(added.length > 0 ? [this.redis.zadd(key, ...added)] : []), ...(removed.length > 0 ? [this.redis.zrem(key, ...removed)] : [])];
      }),
    );
  }

  /** Due timers of a partition, oldest first. */
  dueTimers(partition: number, now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.timers(partition), "-inf", now, "LIMIT", 0, limit);
  }

  async removeTimers(partition: number, members: readonly string[]): Promise<void> {
    if (members.length > 0) await this.redis.zrem(this.keys.timers(partition), ...members);
  }
}

function byPartition<T extends { partition: number }>(items: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(item.partition);
    if (group) group.push(item);
    else groups.set(item.partition, [item]);
  }
  return groups;
}

/** Some flow of this phone has not ended, or still holds or waits for the lane. */
export const isLive = (state: PhoneState): boolean =>
  state.active !== null || state.queue.length > 0 || Object.values(state.flows).some((f) => !TERMINAL.has(f.status));
