/**
 * One hash per phone holds the state of every send to it (refkey -> state), hash-tagged by
 * the phone like the sequencer's state, so the sequencer's save can check and abandon a
 * send in the same atomic script on Redis Cluster.
 */
export const sendLedgerKey = (prefix: string, phone: string): string => `${prefix}{${phone}}:sends`;

/** The value of an abandoned send; savePhone-3.lua in the sequencer writes the same literal. */
export const ABANDONED = "abandoned";
