import type { Timer } from "@sunseo/contracts";
import type { OutgoingMessage } from "@sunseo/kafka";

/** What a transition leaves to be done outside Redis's atomic write: Kafka messages and timers. */
export type Effect =
  | ({ kind: "produce" } & OutgoingMessage)
  | { kind: "timer"; timer: Timer }
  | { kind: "untimer"; timer: Timer }
  | { kind: "index"; instanceId: string; phone: string };

/** A timer's member in its partition's sorted set: one spelling (field order fixed), so it can be found again to be dropped. */
export const timerMember = ({ phone, instanceId, step, attempt, kind, round, dueAt }: Timer): string =>
  JSON.stringify({ phone, instanceId, step, attempt, kind, ...(round === undefined ? {} : { round }), dueAt });
