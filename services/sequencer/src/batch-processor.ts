import type { Catalog } from "@sunseo/flows";
import { partitionFor, type OutgoingMessage, type SerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Command } from "./machine/events.js";
import { apply } from "./machine/machine.js";
import { toDlq, toInput, type Input, type RawMessage } from "./input.js";
import type { Effect } from "./store/effects.js";
import type { PhoneStore, PhoneWrite } from "./store/phone-store.js";
import type { SequencerMetrics } from "./metrics.js";

export interface ProcessorDeps {
  store: PhoneStore;
  producer: SerialProducer;
  catalog: Catalog;
  /** Full topic names of what the sequencer writes. */
  outputs: { dispatch: string; alert: string; flowEvent: string; dlq: string };
  partitions: number;
  retentionMs: number;
  reportGraceMs: number;
  metrics: SequencerMetrics;
  logger: Logger;
  now?: () => number;
}

/** Input errors: the sender must fix something, so the message goes to the dlq with the reason. */
const DLQ_IGNORED = { "unknown-refkey": "UNKNOWN_REFKEY", "unknown-instance": "UNKNOWN_INSTANCE" } as const;

/**
 * Applies one batch of one partition number: read every phone of the batch in one Redis
 * round trip, run the pure machine over each phone's events in order, write the new
 * states with their outboxes atomically, then carry the outboxes out (one Kafka send,
 * one Redis pipeline) and clear them. Offsets are committed by the caller afterwards.
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
    const inputs = messages.map((m) => toInput(m, deps.catalog));
    const produce: OutgoingMessage[] = [];
    const byPhone = new Map<string, Extract<Input, { ok: true }>[]>();
    for (const input of inputs) {
      if (input.ok) {
        byPhone.set(input.phone, [...(byPhone.get(input.phone) ?? []), input]);
      } else {
        metrics.dlq.inc({ code: input.code });
        logger.warn({ topic: input.message.topic, partition: input.message.partition, offset: input.message.offset, code: input.code, reason: input.reason }, "rejected input");
        produce.push({ topic: deps.outputs.dlq, key: input.message.key ?? "", value: toDlq(input, at) });
      }
    }

    const records = await deps.store.load([...byPhone.keys()]);
    const writes: PhoneWrite[] = [];
    const carriedOut: { phone: string; version: number }[] = [];
    const effects: Effect[] = [];
    const latencyFrom: number[] = [];

    for (const [phone, phoneInputs] of byPhone) {
      const record = records.get(phone)!;
      let state = record.state;
      const offsets = { ...record.offsets };
      const phoneEffects: Effect[] = [...record.outbox];
      let applied = false;
      for (const input of phoneInputs) {
        const { base, offset } = input.message;
        if (offsets[base] !== undefined && BigInt(offset) <= BigInt(offsets[base])) {
          metrics.replayed.inc();
          continue;
        }
        const t = apply(state, input.event, { phone, now: at, retentionMs: deps.retentionMs, reportGraceMs: deps.reportGraceMs });
        state = t.state;
        offsets[base] = offset;
        applied = true;
        phoneEffects.push(...t.commands.map((c) => toEffect(c, deps.outputs)));
        if (input.event.type === "start" && !t.ignored) phoneEffects.push({ kind: "index", instanceId: input.event.instanceId, phone });
        if (input.receivedAt && t.commands.some((c) => c.type === "dispatch" && c.dispatch.kind === "send")) latencyFrom.push(input.receivedAt);
        if (t.ignored) {
          metrics.ignored.inc({ reason: t.ignored });
          logger.info({ phone, topic: input.message.topic, offset, event: input.event.type, ignored: t.ignored }, "event changed nothing");
          const code = DLQ_IGNORED[t.ignored as keyof typeof DLQ_IGNORED];
          if (code) {
            metrics.dlq.inc({ code });
            const reason = `${input.event.type}: ${t.ignored.replace("-", " ")} (expired after the retention, or never sent by this sunseo)`;
            phoneEffects.push({ kind: "produce", topic: deps.outputs.dlq, key: phone, value: toDlq({ ok: false, code, reason, message: input.message }, at) });
          }
        }
        countCommands(t.commands, metrics);
      }
      if (applied) {
        writes.push({ phone, readVersion: record.version, state, offsets, effects: phoneEffects });
        carriedOut.push({ phone, version: record.version + 1 });
      } else if (record.outbox.length > 0) {
        carriedOut.push({ phone, version: record.version });
      }
      effects.push(...phoneEffects);
    }

    await deps.store.save(writes);

    for (const effect of effects) if (effect.kind === "produce") produce.push({ topic: effect.topic, key: effect.key, value: effect.value });
    const timers = effects.flatMap((e) =>
      e.kind === "timer" ? [{ partition: partitionFor(e.timer.phone, deps.partitions), member: JSON.stringify(e.timer), dueAt: e.timer.dueAt }] : [],
    );
    const index = effects.flatMap((e) => (e.kind === "index" ? [e] : []));
    await Promise.all([deps.producer.send(produce), deps.store.scheduleTimers(timers), deps.store.indexInstances(index)]);
    // Awaited: the next batch's load (an explicit pipeline) could otherwise overtake these
    // auto-pipelined commands and carry the same outbox out a second time.
    await deps.store.ack(carriedOut);

    const done = now();
    for (const receivedAt of latencyFrom) metrics.reportToDispatch.observe(Math.max(0, done - receivedAt) / 1000);
    stopTimer();
  };
}

function toEffect(command: Command, outputs: ProcessorDeps["outputs"]): Effect {
  switch (command.type) {
    case "dispatch":
      return { kind: "produce", topic: outputs.dispatch, key: command.dispatch.phone, value: command.dispatch };
    case "flow-event":
      return { kind: "produce", topic: outputs.flowEvent, key: command.event.phone, value: command.event };
    case "alert":
      return { kind: "produce", topic: outputs.alert, key: command.alert.phone, value: command.alert };
    case "schedule":
      return { kind: "timer", timer: command.timer };
  }
}

function countCommands(commands: Command[], metrics: SequencerMetrics): void {
  for (const c of commands) {
    if (c.type === "flow-event" && !c.event.type.startsWith("step-")) metrics.flows.inc({ event: c.event.type });
    else if (c.type === "dispatch" && c.dispatch.kind === "send") metrics.stepsDispatched.inc();
    else if (c.type === "dispatch") metrics.reportRequests.inc();
    else if (c.type === "alert") metrics.alerts.inc({ kind: c.alert.kind });
  }
}
