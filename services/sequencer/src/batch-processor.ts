import type { Catalog } from "@sunseo/flows";
import { toDlq, topics } from "@sunseo/contracts";
import { partitionFor, topicMessage, type OutgoingMessage, type SerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { applyPhone, DEAD_LETTERED, type PhoneInput, type PhoneOutcome } from "./apply-phone.js";
import type { Command } from "./machine/events.js";
import { toInput, type RawMessage } from "./input.js";
import { timerMember } from "./store/effects.js";
import { isLive, type PhoneStore } from "./store/phone-store.js";
import type { SequencerMetrics } from "./metrics.js";

export interface ProcessorDeps {
  store: PhoneStore;
  producer: Pick<SerialProducer, "send">;
  catalog: Catalog;
  topicPrefix: string;
  partitions: number;
  retentionMs: number;
  reportGraceMs: number;
  reportRequests: number;
  metrics: SequencerMetrics;
  logger: Logger;
  /** Throws RedisDataLostError when Redis no longer holds our data: nothing read from it may be acted on. */
  verifyRedis: () => Promise<void>;
  now?: () => number;
}

/** Header of a message moved to its phone's partition: where it was first written (topic/partition/offset). */
export const ORIGIN_HEADER = "sunseo-origin";

/**
 * Applies one batch of one partition number: read every phone of the batch in one Redis
 * round trip, run the pure machine over each phone's events in order, write the new
 * states with their outboxes (and the sends they abandon) atomically, then carry the
 * outboxes out (one Kafka send, one Redis pipeline) and clear them. Offsets are committed
 * by the caller afterwards.
 *
 * Killed anywhere in between, a restart converges: applied messages are skipped by their
 * offsets, and an outbox still present is carried out again (its consumers are idempotent).
 */
export function createBatchProcessor(deps: ProcessorDeps): (messages: RawMessage[]) => Promise<void> {
  const now = deps.now ?? Date.now;
  const { metrics, logger } = deps;

  return async function processBatch(messages) {
    const stopTimer = metrics.batchSeconds.startTimer();
    const at = now();
    const produce: OutgoingMessage[] = [];
    const byPhone = new Map<string, PhoneInput[]>();
    for (const message of messages) {
      const input = toInput(message, deps.catalog);
      if (!input.ok) {
        metrics.dlq.inc({ code: input.code });
        logger.warn({ topic: message.topic, partition: message.partition, offset: message.offset, code: input.code, reason: input.reason }, "rejected input");
        produce.push(topicMessage(deps.topicPrefix, topics.dlq, { key: message.key ?? "", value: toDlq("sequencer", message, input, at) }));
      } else if (partitionFor(input.phone, deps.partitions) !== message.partition) {
        produce.push(reroute(message, partitionFor(input.phone, deps.partitions)));
        metrics.rerouted.inc({ topic: message.base });
        logger.warn(
          { topic: message.topic, partition: message.partition, offset: message.offset },
          "message on another partition than its phone's (a producer without the murmur2 partitioner?): moved to its phone's partition",
        );
      } else {
        byPhone.set(input.phone, [...(byPhone.get(input.phone) ?? []), input]);
      }
    }

    const [records] = await Promise.all([deps.store.load([...byPhone.keys()]), deps.verifyRedis()]);
    const ctx = {
      now: at,
      retentionMs: deps.retentionMs,
      reportGraceMs: deps.reportGraceMs,
      reportRequests: deps.reportRequests,
      topicPrefix: deps.topicPrefix,
    };
    const claimed = new Map<string, Set<string>>();
    const outcomes = new Map<string, PhoneOutcome>();
    // A write refused for a claimed send is recomputed with that knowledge; claims only grow, so this ends.
    for (let phones = [...byPhone.keys()]; phones.length > 0; ) {
      for (const phone of phones) outcomes.set(phone, applyPhone(phone, records.get(phone)!, byPhone.get(phone)!, ctx, claimed.get(phone) ?? new Set()));
      const refused = await deps.store.save(phones.flatMap((phone) => outcomes.get(phone)!.write ?? []));
      for (const [phone, refkeys] of refused) {
        const known = claimed.get(phone) ?? new Set<string>();
        for (const refkey of refkeys) known.add(refkey);
        claimed.set(phone, known);
        metrics.claimedBeforeAbandon.inc(refkeys.length);
      }
      phones = [...refused.keys()];
    }

    const applied = now();
    metrics.stageSeconds.observe({ stage: "apply" }, (applied - at) / 1000);
    const carriedOut: { phone: string; version: number }[] = [];
    const timers: { partition: number; member: string; dueAt: number }[] = [];
    const dropped: { partition: number; member: string }[] = [];
    const index: { instanceId: string; phone: string }[] = [];
    const live: { partition: number; phone: string; live: boolean }[] = [];
    for (const [phone, outcome] of outcomes) {
      const record = records.get(phone)!;
      if (outcome.write) {
        carriedOut.push({ phone, version: record.version + 1 });
        live.push({ partition: partitionFor(phone, deps.partitions), phone, live: isLive(outcome.write.state) });
      } else if (record.outbox.length > 0) carriedOut.push({ phone, version: record.version });
      for (const effect of outcome.effects) {
        if (effect.kind === "produce") produce.push({ topic: effect.topic, key: effect.key, value: effect.value });
        else if (effect.kind === "timer")
          timers.push({ partition: partitionFor(effect.timer.phone, deps.partitions), member: timerMember(effect.timer), dueAt: effect.timer.dueAt });
        else if (effect.kind === "untimer") dropped.push({ partition: partitionFor(effect.timer.phone, deps.partitions), member: timerMember(effect.timer) });
        else index.push(effect);
      }
      observe(phone, outcome);
    }
    await Promise.all([
      deps.producer.send(produce),
      deps.store.scheduleTimers(timers),
      deps.store.dropTimers(dropped),
      deps.store.indexInstances(index),
      deps.store.indexLive(live, applied),
    ]);
    // Awaited: the next batch's load (an explicit pipeline) could otherwise overtake these
    // auto-pipelined commands and carry the same outbox out a second time.
    await deps.store.ack(carriedOut);

    const done = now();
    metrics.stageSeconds.observe({ stage: "emit" }, (done - applied) / 1000);
    for (const outcome of outcomes.values())
      for (const receivedAt of outcome.reportsSent) metrics.reportToDispatch.observe(Math.max(0, done - receivedAt) / 1000);
    stopTimer();
  };

  /** Metrics and logs of what one phone's inputs did, once its write is final. */
  function observe(phone: string, outcome: PhoneOutcome): void {
    if (outcome.replayed > 0) metrics.replayed.inc(outcome.replayed);
    countCommands(outcome.commands, metrics);
    for (const { input, reason } of outcome.ignored) {
      metrics.ignored.inc({ reason });
      logger.info({ phone, topic: input.message.topic, offset: input.message.offset, event: input.event.type, ignored: reason }, "event changed nothing");
      const code = DEAD_LETTERED[reason];
      if (code) metrics.dlq.inc({ code });
    }
  }
}

/** The same message on its phone's partition, saying where it came from. */
function reroute(message: RawMessage, partition: number): OutgoingMessage {
  const origin = message.origin ?? { topic: message.topic, partition: message.partition, offset: message.offset };
  return {
    topic: message.topic,
    partition,
    key: message.key ?? "",
    value: JSON.parse(message.value!.toString()) as unknown,
    headers: { [ORIGIN_HEADER]: `${origin.topic}/${origin.partition}/${origin.offset}` },
  };
}

function countCommands(commands: Command[], metrics: SequencerMetrics): void {
  for (const c of commands) {
    if (c.type === "flow-event" && !c.event.type.startsWith("step-")) {
      metrics.flows.inc({ event: c.event.type });
      if (c.event.type === "expired") metrics.expired.inc({ cause: c.event.reason?.startsWith("STALE_START") ? "stale_start" : "waiting" });
    } else if (c.type === "dispatch" && c.dispatch.kind === "send") metrics.stepsDispatched.inc();
    else if (c.type === "dispatch") metrics.reportRequests.inc();
    else if (c.type === "alert") metrics.alerts.inc({ kind: c.alert.kind });
    else if (c.type === "abandon") metrics.abandoned.inc();
  }
}
