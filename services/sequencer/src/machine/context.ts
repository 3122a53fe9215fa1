/** What a transition is given besides the state and the event: the phone, the time, and the operator's settings. */
export interface MachineContext {
  phone: string;
  now: number;
  /** Finished flows (and their refkeys and idempotency keys) are forgotten after this long. */
  retentionMs: number;
  /** After a step's timeout, how long to keep asking for its report before giving up. */
  reportGraceMs: number;
  /** How many times the report is asked for again within that grace (evenly spread). */
  reportRequests: number;
  /** Refkeys the dispatcher claimed before we could abandon them (learnt from a refused write). */
  claimed?: ReadonlySet<string>;
}
