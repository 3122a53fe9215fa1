import { topics, type Timer } from "@sunseo/contracts";
import { topicMessage, type SerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { PhoneStore } from "./store/phone-store.js";

export interface TimerPollerOptions {
  store: PhoneStore;
  producer: Pick<SerialProducer, "send">;
  topicPrefix: string;
  intervalMs: number;
  /** The partition numbers this member owns right now (they change on rebalance). */
  ownedPartitions: () => readonly number[];
  logger: Logger;
}

const BATCH = 1_000;

/**
 * Kafka has no delayed delivery, so due timers wait in one Redis sorted set per partition
 * number. The partition's owner moves them to the `timer` topic, keyed by phone, where they
 * are ordered with that phone's other events; only then are they removed. A timer
 * delivered twice (a crash, a rebalance) is harmless: the machine ignores stale timers.
 */
export function startTimerPoller({ store, producer, topicPrefix, intervalMs, ownedPartitions, logger }: TimerPollerOptions): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const pollOnce = async () => {
    const now = Date.now();
    // Every owned partition's due timers in one round trip (auto-pipelined), not one after another.
    const owned = ownedPartitions();
    const due = await Promise.all(owned.map((partition) => store.dueTimers(partition, now, BATCH)));
    const moving = owned.flatMap((partition, i) => (due[i]!.length > 0 ? [{ partition, members: due[i]! }] : []));
    if (moving.length === 0) return;
    // Members are timerMember()'s spelling of a Timer, written by this service only.
    const timers = moving.flatMap(({ members }) => members.map((member) => JSON.parse(member) as Timer));
    await producer.send(timers.map((timer) => topicMessage(topicPrefix, topics.timer, { key: timer.phone, value: timer })));
    await Promise.all(moving.map(({ partition, members }) => store.removeTimers(partition, members)));
  };

  const loop = async () => {
    while (!stopped) {
      running = pollOnce().catch((err: unknown) => logger.warn({ err }, "timer poll failed; retrying"));
      await running;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  void loop();

  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}
