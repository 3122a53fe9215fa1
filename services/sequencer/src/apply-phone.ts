import { NO_CHANGE, type Command, type Ignored } from "./machine/events.js";
import { apply, type MachineContext } from "./machine/machine.js";
import { toDlq, topics } from "@sunseo/contracts";
import { topicMessage } from "@sunseo/kafka";
import type { Input, RawMessage } from "./input.js";
import type { Effect } from "./store/effects.js";
import type { PhoneRecord, PhoneWrite } from "./store/phone-store.js";

export type PhoneInput = Extract<Input, { ok: true }>;

export interface PhoneOutcome {
  /** Undefined when every input was a replay: nothing to write. */
  write?: PhoneWrite;
  /** The outbox to carry out after the write: an earlier unconfirmed outbox first, then this write's. */
  effects: Effect[];
  ignored: { input: PhoneInput; reason: Ignored }[];
  replayed: number;
  commands: Command[];
  /** When the reports that led to a step's dispatch reached webhook-ingest. */
  reportsSent: number[];
}

/**
 * Applies one phone's inputs of a batch, in order, to its stored record. Pure: the same
 * record, inputs and context give the same outcome, so the caller can run it again when
 * Redis refuses an abandonment (`claimed` grows) or another member wrote the phone.
 * A message is a replay when its offset is at or below the one recorded for its
 * topic-partition: a message that arrived on another partition is never mistaken for one.
 */
export function applyPhone(
  phone: string,
  record: PhoneRecord,
  inputs: readonly PhoneInput[],
  ctx: Omit<MachineContext, "phone" | "claimed"> & { topicPrefix: string },
  claimed: ReadonlySet<string>,
): PhoneOutcome {
  let state = record.state;
  const offsets = { ...record.offsets };
  const newEffects: Effect[] = [];
  const outcome: PhoneOutcome = { effects: [], ignored: [], replayed: 0, commands: [], reportsSent: [] };
  let applied = false;
  for (const input of inputs) {
    const position = offsetKey(input.message);
    if (offsets[position] !== undefined && BigInt(input.message.offset) <= BigInt(offsets[position])) {
      outcome.replayed += 1;
      continue;
    }
    const t = apply(state, input.event, { ...ctx, phone, claimed });
    if (t.ignored && NO_CHANGE.has(t.ignored) && t.commands.length === 0) {
      // Nothing to write (a stale timer, a duplicate): applied again if it comes again, with the same result.
      outcome.ignored.push({ input, reason: t.ignored });
      const dlq = deadLetter(phone, input, t.ignored, ctx);
      if (dlq) newEffects.push(dlq);
      continue;
    }
    state = t.state;
    offsets[position] = input.message.offset;
    applied = true;
    outcome.commands.push(...t.commands);
    newEffects.push(...t.commands.flatMap((c) => toEffect(c, ctx.topicPrefix)));
    // A stale start is kept (expired), so it can be looked up like any flow.
    if (input.event.type === "start" && (!t.ignored || t.ignored === "stale-start"))
      newEffects.push({ kind: "index", instanceId: input.event.instanceId, phone });
    if (input.receivedAt && t.commands.some((c) => c.type === "dispatch" && c.dispatch.kind === "send")) outcome.reportsSent.push(input.receivedAt);
    if (t.ignored) {
      outcome.ignored.push({ input, reason: t.ignored });
      const flow = input.event.type === "start" && Object.hasOwn(state.flows, input.event.instanceId) ? state.flows[input.event.instanceId] : undefined;
      const dlq = deadLetter(phone, input, t.ignored, ctx, t.ignored === "stale-start" ? flow?.reason : undefined);
      if (dlq) newEffects.push(dlq);
    }
  }
  outcome.effects = [...record.outbox, ...newEffects];
  if (applied) {
    const abandon = outcome.commands.flatMap((c) => (c.type === "abandon" ? [c.refkey] : []));
    const forget = Object.keys(record.state.refkeys).filter((refkey) => !Object.hasOwn(state.refkeys, refkey));
    outcome.write = { phone, readVersion: record.version, state, offsets, effects: outcome.effects, abandon, forget };
  }
  return outcome;
}

const offsetKey = (m: RawMessage) => `${m.base}:${m.partition}`;

/** Events that name a flow or send we do not know: the sender must look, so they go to the dlq (in the outbox). */
export const DEAD_LETTERED: Partial<Record<Ignored, string>> = {
  "unknown-refkey": "UNKNOWN_REFKEY",
  "unknown-instance": "UNKNOWN_INSTANCE",
  "stale-start": "STALE_START",
};

function deadLetter(phone: string, input: PhoneInput, reason: Ignored, ctx: { now: number; topicPrefix: string }, detail?: string): Effect | undefined {
  const code = DEAD_LETTERED[reason];
  if (!code) return undefined;
  const why = detail ?? `${input.event.type}: ${reason.replace("-", " ")} (expired after the retention, or never sent by this sunseo)`;
  return {
    kind: "produce",
    ...topicMessage(ctx.topicPrefix, topics.dlq, { key: phone, value: toDlq("sequencer", input.message, { code, reason: why }, ctx.now) }),
  };
}

function toEffect(command: Command, prefix: string): Effect[] {
  switch (command.type) {
    case "dispatch":
      return [{ kind: "produce", ...topicMessage(prefix, topics.dispatch, { key: command.dispatch.phone, value: command.dispatch }) }];
    case "flow-event":
      return [{ kind: "produce", ...topicMessage(prefix, topics.flowEvent, { key: command.event.phone, value: command.event }) }];
    case "alert":
      return [{ kind: "produce", ...topicMessage(prefix, topics.alert, { key: command.alert.phone, value: command.alert }) }];
    case "schedule":
      return [{ kind: "timer", timer: command.timer }];
    case "unschedule":
      return [{ kind: "untimer", timer: command.timer }];
    case "abandon":
      // Written with the state itself (savePhone-3.lua), not carried out afterwards.
      return [];
  }
}
