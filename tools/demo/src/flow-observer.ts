import type { Kafka } from "kafkajs";
import { decode, topics, type FlowEvent } from "@sunseo/contracts";

export type Terminal = "completed" | "failed" | "timed_out" | "cancelled";
const TERMINAL = new Set<string>(["completed", "failed", "timed_out", "cancelled"]);

/** Follows the flow-event topic the way a domain service would: how many flows ended, and how. */
export async function observeFlows(kafka: Kafka, topic: string, groupId: string) {
  const outcome = new Map<string, Terminal>();
  let stepsDelivered = 0;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decode(topics.flowEvent, message.value);
      if (!decoded.ok) return;
      const event: FlowEvent = decoded.value;
      if (TERMINAL.has(event.type)) outcome.set(event.instanceId, event.type as Terminal);
      if (event.type === "step-delivered") stepsDelivered += 1;
    },
  });
  return {
    ended: () => outcome.size,
    stepsDelivered: () => stepsDelivered,
    counts: () => {
      const counts: Record<Terminal, number> = { completed: 0, failed: 0, timed_out: 0, cancelled: 0 };
      for (const status of outcome.values()) counts[status] += 1;
      return counts;
    },
    stop: () => consumer.disconnect(),
  };
}
