import type { Redis } from "@sunseo/redis";
import { sequencerKeys } from "./keys.js";
import type { PhoneState } from "./state.js";

/**
 * The state document as stored in the `doc` field of a phone's state hash (see the header of
 * the sequencer's savePhone-3.lua). Not validated: its one writer is the sequencer, built
 * against these same types, and validating on its hot path would cost every event.
 */
export const parsePhoneState = (doc: string): PhoneState => JSON.parse(doc) as PhoneState;

/** Read-only access to the flow state: the sequencer is its only writer. */
export interface FlowStateReader {
  /** The phone's state document, or undefined when the phone has none (never seen, or expired). */
  phoneState(phone: string): Promise<PhoneState | undefined>;
  /** The phone of a flow instance id, from the sequencer's instance index. */
  phoneOf(instanceId: string): Promise<string | undefined>;
}

export function createFlowStateReader(redis: Redis, redisPrefix: string): FlowStateReader {
  const keys = sequencerKeys(redisPrefix);
  return {
    async phoneState(phone) {
      const doc = await redis.hget(keys.state(phone), "doc");
      return doc === null ? undefined : parsePhoneState(doc);
    },
    async phoneOf(instanceId) {
      return (await redis.get(keys.instance(instanceId))) ?? undefined;
    },
  };
}
