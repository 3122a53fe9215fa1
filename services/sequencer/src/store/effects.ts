import type { Timer } from "@sunseo/contracts";

/** What a transition leaves to be done outside Redis's atomic write: Kafka messages and timers. */
export type Effect =
  | { kind: "produce"; topic: string; key: string; value: unknown }
  | { kind: "timer"; timer: Timer }
  | { kind: "index"; instanceId: string; phone: string };
