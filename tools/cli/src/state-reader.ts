import type { Redis } from "@sunseo/redis";
import { sequencerKeys, type PhoneState } from "@sunseo/flow-state";

/** Read-only access to the sequencer's Redis state: the sequencer is its only writer. */
export interface StateReader {
  /** The phone's state document, or undefined when the phone has none (never seen, or expired). */
  phoneState(phone: string): Promise<PhoneState | undefined>;
  /** The phone of a flow instance id, from the sequencer's instance index. */
  phoneOf(instanceId: string): Promise<string | undefined>;
}

export function createStateReader(redis: Redis, redisPrefix: string): StateReader {
  const keys = sequencerKeys(redisPrefix);
  return {
    async phoneState(phone) {
      const doc = await redis.hget(keys.state(phone), "doc");
      return doc === null ? undefined : (JSON.parse(doc) as PhoneState);
    },
    async phoneOf(instanceId) {
      return (await redis.get(keys.instance(instanceId))) ?? undefined;
    },
  };
}
