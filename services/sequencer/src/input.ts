import { decode, instanceIdFor, keyedStartInstanceId, topics, type DispatchResult } from "@sunseo/contracts";
import { findFlow, InvalidVariablesError, MissingVariablesError, renderFlow, UnknownFlowError, type Catalog } from "@sunseo/flows";
import type { MachineEvent } from "./machine/events.js";

export interface RawMessage {
  /** The input topic's base name (flow-start, report, ...). */
  base: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Set on a message we moved from the partition it was produced to: where it was first written. */
  origin?: { topic: string; partition: number; offset: string };
  /** When it was written to Kafka, and when this member fetched it (epoch ms): for the stage metrics. */
  writtenAt?: number;
  fetchedAt?: number;
}

export type Input =
  | { ok: true; phone: string; event: MachineEvent; message: RawMessage /** reports: when the gateway's push arrived */; receivedAt?: number }
  | { ok: false; code: string; reason: string; message: RawMessage };

/**
 * Turns one Kafka message of a sequencer input topic into a machine event for its phone,
 * or a precise rejection for the dlq. Pure: the catalog is given, ids are derived.
 */
export function toInput(message: RawMessage, catalog: Catalog): Input {
  const reject = (code: string, reason: string): Input => ({ ok: false, code, reason, message });
  const accept = (phone: string, event: MachineEvent, receivedAt?: number): Input =>
    // Keyed by anything else, the message sits in another phone's partition and would race its events.
    message.key === phone
      ? { ok: true, phone, event, message, ...(receivedAt ? { receivedAt } : {}) }
      : reject("WRONG_KEY", `message key must be the canonical phone ${phone.slice(0, 3)}…, got ${message.key === null ? "none" : "another key"}`);

  switch (message.base) {
    case topics.flowStart.base: {
      const decoded = decode(topics.flowStart, message.value);
      if (!decoded.ok) return reject(decoded.code, decoded.reason);
      const start = decoded.value;
      let flow: ReturnType<typeof findFlow>;
      let steps: ReturnType<typeof renderFlow>;
      try {
        flow = findFlow(catalog, start.flow);
        steps = renderFlow(catalog, flow, start.variables);
      } catch (err) {
        // Unknown flow, missing or invalid variables: the sender must fix the start, nothing is sent.
        if (err instanceof UnknownFlowError || err instanceof MissingVariablesError || err instanceof InvalidVariablesError)
          return reject(err.code, err.message);
        throw err;
      }
      // Derived, never random: a replayed start gets the same id (the flow client computes it too).
      const instanceId = start.idempotencyKey ? keyedStartInstanceId(start.phone, start.flow, start.idempotencyKey) : instanceIdFor(startCoordinates(message));
      return accept(start.phone, {
        type: "start",
        instanceId,
        flow: flow.name,
        lane: flow.lane,
        steps,
        ...(start.idempotencyKey ? { idempotencyKey: start.idempotencyKey } : {}),
        ...(start.traceId ? { traceId: start.traceId } : {}),
        ...optionalMs("requestedAt", start.requestedAt),
        ...optionalMs("startAt", start.startAt),
        ...optionalMs("expiresAt", start.expiresAt),
        ...(flow.maxStartDelayMs === undefined ? {} : { maxStartDelayMs: flow.maxStartDelayMs }),
        ...(flow.maxDurationMs === undefined ? {} : { maxDurationMs: flow.maxDurationMs }),
      });
    }
    case topics.flowCancel.base: {
      const decoded = decode(topics.flowCancel, message.value);
      if (!decoded.ok) return reject(decoded.code, decoded.reason);
      const { phone, instanceId, idempotencyKey, reason } = decoded.value;
      return accept(phone, {
        type: "cancel",
        ...(instanceId ? { instanceId } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(reason ? { reason } : {}),
      });
    }
    case topics.dispatchResult.base: {
      const decoded = decode(topics.dispatchResult, message.value);
      if (!decoded.ok) return reject(decoded.code, decoded.reason);
      return accept(decoded.value.phone, fromDispatchResult(decoded.value));
    }
    case topics.report.base: {
      const decoded = decode(topics.report, message.value);
      if (!decoded.ok) return reject(decoded.code, decoded.reason);
      const { phone, report, receivedAt } = decoded.value;
      return accept(phone, { type: "report", refkey: report.REFKEY, result: report.RESULT, media: report.MEDIA }, receivedAt);
    }
    case topics.timer.base: {
      const decoded = decode(topics.timer, message.value);
      if (!decoded.ok) return reject(decoded.code, decoded.reason);
      const { phone, instanceId, step, attempt, kind, round } = decoded.value;
      return accept(phone, { type: "timer", instanceId, step, attempt, kind, ...(round === undefined ? {} : { round }) });
    }
    default:
      return reject("UNKNOWN_TOPIC", `the sequencer does not read ${message.topic}`);
  }
}

/** An ISO time of the flow-start (validated, with its offset) as epoch ms, when present. */
const optionalMs = <K extends string>(key: K, iso: string | undefined): { [P in K]?: number } =>
  (iso === undefined ? {} : { [key]: Date.parse(iso) }) as { [P in K]?: number };

function fromDispatchResult(r: DispatchResult): MachineEvent {
  switch (r.outcome) {
    case "accepted":
      return { type: "accepted", refkey: r.refkey, messagekey: r.messagekey };
    case "rejected":
      return { type: "rejected", refkey: r.refkey, code: r.code, description: r.description };
    case "ambiguous":
      return { type: "ambiguous", refkey: r.refkey, reason: r.reason };
    case "window-closed":
      return { type: "window-closed", refkey: r.refkey };
  }
}

/** A start without an idempotency key is named by where it was first written, so a moved copy is the same flow. */
function startCoordinates({ origin, topic, partition, offset }: RawMessage): string[] {
  return origin ? [origin.topic, String(origin.partition), origin.offset] : [topic, String(partition), offset];
}
