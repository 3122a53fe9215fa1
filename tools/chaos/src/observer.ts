import type { Kafka } from "kafkajs";
import { decode, topicName, topics, type FlowEvent } from "@sunseo/contracts";

export type Terminal = "completed" | "failed" | "timed_out" | "cancelled";
const TERMINAL = new Set<string>(["completed", "failed", "timed_out", "cancelled"]);

export interface ObservedFlow {
  instanceId: string;
  flow: string;
  phone: string;
  idempotencyKey?: string;
  /** The first terminal event; undefined while the flow runs. */
  terminal?: Terminal;
  /** When the sequencer decided it (the event's `at`). */
  endedAt?: number;
  /** The step it ended on. */
  endedStep?: number;
  /** Terminal events after the first (a replay may publish one again; a different one is a contradiction). */
  laterTerminals: Terminal[];
}

/** What the topics say, read the way a domain service would: from the beginning, in a group of its own. */
export interface Observed {
  flows: ReadonlyMap<string, ObservedFlow>;
  /** Refkeys the dispatcher reported `ambiguous` (a send that may or may not have reached the gateway). */
  ambiguous: ReadonlySet<string>;
  /** `${REFKEY} ${RESULT}` of every report on the report topic. */
  reports: ReadonlySet<string>;
}

export interface Observer extends Observed {
  /** Flows with a terminal event so far. */
  ended(): number;
  /** Resolves once every partition of the three topics was read up to its end as of now. */
  catchUp(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export const reportKey = (refkey: string, result: string): string => `${refkey} ${result}`;

export async function observeTopics(kafka: Kafka, topicPrefix: string, groupId: string): Promise<Observer> {
  const names = {
    flowEvent: topicName(topicPrefix, topics.flowEvent),
    dispatchResult: topicName(topicPrefix, topics.dispatchResult),
    report: topicName(topicPrefix, topics.report),
  };
  const flows = new Map<string, ObservedFlow>();
  const ambiguous = new Set<string>();
  const reports = new Set<string>();
  let ended = 0;
  /** `${topic}:${partition}` -> the next offset to read. */
  const position = new Map<string, bigint>();

  const onFlowEvent = (event: FlowEvent) => {
    let flow = flows.get(event.instanceId);
    if (!flow) {
      flow = {
        instanceId: event.instanceId,
        flow: event.flow,
        phone: event.phone,
        laterTerminals: [],
        ...(event.idempotencyKey ? { idempotencyKey: event.idempotencyKey } : {}),
      };
      flows.set(event.instanceId, flow);
    }
    if (!TERMINAL.has(event.type)) return;
    if (flow.terminal === undefined) {
      flow.terminal = event.type as Terminal;
      flow.endedAt = event.at;
      if (event.step !== undefined) flow.endedStep = event.step;
      ended += 1;
    } else flow.laterTerminals.push(event.type as Terminal);
  };

  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, retry: { restartOnFailure: async () => true } });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(names), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      position.set(`${topic}:${partition}`, BigInt(message.offset) + 1n);
      if (topic === names.flowEvent) {
        const decoded = decode(topics.flowEvent, message.value);
        if (decoded.ok) onFlowEvent(decoded.value);
      } else if (topic === names.dispatchResult) {
        const decoded = decode(topics.dispatchResult, message.value);
        if (decoded.ok && decoded.value.outcome === "ambiguous") ambiguous.add(decoded.value.refkey);
      } else {
        const decoded = decode(topics.report, message.value);
        if (decoded.ok) reports.add(reportKey(decoded.value.report.REFKEY, decoded.value.report.RESULT));
      }
    },
  });

  await joined;
  const admin = kafka.admin();
  await admin.connect();
  return {
    flows,
    ambiguous,
    reports,
    ended: () => ended,
    async catchUp(timeoutMs) {
      const ends = (
        await Promise.all(
          Object.values(names).map(async (topic) =>
            (await admin.fetchTopicOffsets(topic)).map((p) => ({ key: `${topic}:${p.partition}`, high: BigInt(p.high) })),
          ),
        )
      ).flat();
      const deadline = Date.now() + timeoutMs;
      while (ends.some(({ key, high }) => (position.get(key) ?? 0n) < high)) {
        if (Date.now() > deadline) throw new Error(`the campaign's reader did not reach the end of the topics within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      await admin.disconnect();
      await consumer.disconnect();
    },
  };
}
