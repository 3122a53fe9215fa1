import { sendLedgerKey } from "@sunseo/send-ledger";

/**
 * Every Redis key of the sequencer, the one writer of flow state, in one place so that its
 * readers (the CLI, a console) cannot drift from it. A phone's keys share the hash tag
 * {phone}, so the Lua scripts that touch several of them stay valid on Redis Cluster.
 */
export const sequencerKeys = (prefix: string) => ({
  /** The send ledger the dispatcher claims refkeys in (@sunseo/send-ledger); the sequencer abandons in it. */
  sends: (phone: string) => sendLedgerKey(prefix, phone),
  state: (phone: string) => `${prefix}{${phone}}:state`,
  outbox: (phone: string) => `${prefix}{${phone}}:outbox`,
  /** Due timers of one partition number, scored by due time; polled by the partition's owner. */
  timers: (partition: number) => `${prefix}timers:{p${partition}}`,
  /**
   * Phones with a flow not yet ended, of one partition number, scored by their last write
   * (ms). Kept beside the state, not in the same atomic write (it spans phones): a crash in
   * between leaves an entry at most one write behind, which the next write of that phone
   * mends. Read for the flow gauges, so they cost the live flows, not every phone kept.
   */
  live: (partition: number) => `${prefix}live:{p${partition}}`,
  /** instance id -> phone, for operators who only have the id. */
  instance: (instanceId: string) => `${prefix}instance:${instanceId}`,
});

export type SequencerKeys = ReturnType<typeof sequencerKeys>;
