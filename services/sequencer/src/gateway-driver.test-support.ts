import { createHash } from "node:crypto";
import type { Kafka } from "kafkajs";
import { decode, topicName, topics, type Dispatch, type DispatchResult, type Report, type Topic } from "@sunseo/contracts";
import { createSerialProducer, type OutgoingMessage } from "@sunseo/kafka";

/**
 * Stands where the dispatcher and the gateway stand, for the sequencer's integration test:
 * it reads `dispatch` and answers on `dispatch-result` and `report` in adversarial ways,
 * decided per (instance, step) by a hash, so two runs with the same flows meet the same fates.
 * It also checks, the moment a send arrives, that the step before it was reported delivered.
 */
export type Fate = "delivered" | "failed" | "rejected" | "lost" | "silent" | "report-first" | "duplicate" | "late";

export function fateOf(instanceId: string, step: number): Fate {
  const n = createHash("sha1").update(`${instanceId}/${step}`).digest().readUInt16BE(0) % 100;
  if (n < 6) return "failed";
  if (n < 8) return "rejected";
  if (n < 12) return "lost";
  if (n < 13) return "silent";
  if (n < 20) return "report-first";
  if (n < 30) return "duplicate";
  if (n < 40) return "late";
  return "delivered";
}

export interface DriverRecord {
  sends: Dispatch[];
  duplicateSends: number;
  reportRequests: number;
  unknownRefkeysInjected: number;
  violations: string[];
  delivered: Set<string>;
}

export async function startGatewayDriver(kafka: Kafka, prefix: string, groupId: string) {
  const name = (t: Topic) => topicName(prefix, t);
  const producer = createSerialProducer(kafka);
  await producer.connect();
  const record: DriverRecord = { sends: [], duplicateSends: 0, reportRequests: 0, unknownRefkeysInjected: 0, violations: [], delivered: new Set() };
  const seen = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, messages: OutgoingMessage[]) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void producer.send(messages);
    }, ms);
    timers.add(timer);
  };
  const stepKey = (d: { instanceId: string; step: number }) => `${d.instanceId}/${d.step}`;

  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: name(topics.dispatch), fromBeginning: true });
  const answer = (d: Dispatch): OutgoingMessage[] => {
    const ref = { phone: d.phone, refkey: d.refkey, instanceId: d.instanceId, flow: d.flow, step: d.step, attempt: d.attempt };
    const result = (r: Partial<DispatchResult> & { outcome: DispatchResult["outcome"] }): OutgoingMessage => ({
      topic: name(topics.dispatchResult),
      key: d.phone,
      value: { ...ref, at: Date.now(), ...r },
    });
    const report = (code: string, refkey = d.refkey): OutgoingMessage => {
      const value: Report = {
        phone: d.phone,
        receivedAt: Date.now(),
        source: "push",
        report: {
          DEVICE: "KAT",
          CMSGID: `c-${d.refkey}`,
          MSGID: `m-${d.refkey}`,
          PHONE: d.phone,
          MEDIA: "KAT",
          UNIXTIME: String(Math.floor(Date.now() / 1000)),
          RESULT: code,
          REFKEY: refkey,
        },
      };
      if (code === "7000" && refkey === d.refkey) record.delivered.add(stepKey(d));
      return { topic: name(topics.report), key: d.phone, value };
    };

    if (d.kind === "report-request") {
      record.reportRequests += 1;
      return fateOf(d.instanceId, d.step) === "silent" ? [] : [report("7000")];
    }
    if (seen.has(d.refkey)) {
      record.duplicateSends += 1; // the dispatcher would recognise the refkey and not send it again
      return [];
    }
    seen.add(d.refkey);
    record.sends.push(d);
    if (d.step > 0 && !record.delivered.has(stepKey({ instanceId: d.instanceId, step: d.step - 1 }))) {
      record.violations.push(`${d.refkey}: step ${d.step} dispatched before step ${d.step - 1} was delivered`);
    }
    const injected: OutgoingMessage[] = [];
    if (record.sends.length % 97 === 0) {
      record.unknownRefkeysInjected += 1;
      injected.push(report("7000", `unknown-${record.sends.length}`));
    }
    const accepted = result({ outcome: "accepted", messagekey: `mk-${d.refkey}` });
    switch (fateOf(d.instanceId, d.step)) {
      case "delivered":
        return [...injected, accepted, report("7000")];
      case "failed":
        return [...injected, accepted, report("7308")];
      case "rejected":
        return [...injected, result({ outcome: "rejected", code: "3001", description: "invalid sender key" })];
      case "lost":
      case "silent":
        return [...injected, accepted];
      case "report-first":
        return [...injected, report("7000"), accepted];
      case "duplicate":
        return [...injected, accepted, report("7000"), report("7000")];
      case "late":
        later(300 + ((d.refkey.length * 37) % 400), [report("7000")]);
        return [...injected, accepted];
    }
  };

  await consumer.run({
    eachBatch: async ({ batch }) => {
      const out: OutgoingMessage[] = [];
      for (const message of batch.messages) {
        const decoded = decode(topics.dispatch, message.value);
        if (!decoded.ok) throw new Error(decoded.reason);
        out.push(...answer(decoded.value));
      }
      await producer.send(out);
    },
  });

  return {
    record,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
