import { Registry } from "prom-client";
import type { Alert } from "@sunseo/contracts";
import { createLogger } from "@sunseo/logger";
import type { Dedupe, SinkState } from "./dedupe.js";
import type { ChatMessage } from "./format.js";
import type { AlertRecord } from "./handler.js";
import { createAlerterMetrics } from "./metrics.js";
import type { PostOutcome, Sink } from "./sink.js";
import { createSinkDelivery } from "./sink-delivery.js";

/** The dedupe's contract in memory, so the handler's decisions are tested without Redis. */
export function memoryDedupe() {
  const states = new Map<string, SinkState>();
  const folded = new Set<string>();
  const key = (sink: string, id: string) => `${sink}/${id}`;
  const dedupe: Dedupe = {
    async lookup() {
      return { state: (sink, id) => states.get(key(sink, id)) ?? "new", folded: (id) => folded.has(id) };
    },
    async markPosting(sink, ids) {
      for (const id of ids) if (!states.has(key(sink, id))) states.set(key(sink, id), "posting");
    },
    async markSent(sink, ids) {
      for (const id of ids) states.set(key(sink, id), "sent");
    },
    async markFolded(id) {
      folded.add(id);
    },
  };
  return {
    dedupe,
    folded,
    state: (sink: string, id: string) => states.get(key(sink, id)) ?? "new",
    set: (sink: string, id: string, s: SinkState) => states.set(key(sink, id), s),
  };
}

/** A sink that records what it was sent (and the dedupe state while posting) and answers from a script. */
export function recordingSink(name: string, answer: (n: number) => PostOutcome = () => ({ ok: true, status: 204 }), during?: (message: ChatMessage) => void) {
  const posts: ChatMessage[] = [];
  const sink: Sink & { posts: ChatMessage[] } = {
    name,
    posts,
    async post(message) {
      posts.push(message);
      during?.(message);
      return answer(posts.length);
    },
  };
  return sink;
}

export const failing: PostOutcome = { ok: false, retriable: false, status: 400, reason: "HTTP 400" };

export function collaborators(dedupe: Dedupe) {
  const metrics = createAlerterMetrics(new Registry());
  const logger = createLogger({ name: "test", level: "silent" });
  const dead: { record: AlertRecord; code: string; reason: string }[] = [];
  return {
    metrics,
    logger,
    dead,
    deadLetter: async (record: AlertRecord, code: string, reason: string) => void dead.push({ record, code, reason }),
    send: createSinkDelivery({ dedupe, policy: { attempts: 2, baseMs: 1, maxMs: 10 }, cooldownMs: 0, metrics, logger }),
  };
}

let n = 0;
export function alertRecord(overrides: Partial<Alert> = {}): { alert: Alert; record: AlertRecord } {
  n += 1;
  const alert: Alert = {
    alertId: `a-${n}`,
    kind: "step-failed",
    phone: "01012345678",
    flow: "teacher-onboarding",
    instanceId: `inst-${n}`,
    step: 0,
    stepName: "counsel",
    templateCode: "TPL",
    resultCode: "7308",
    at: 0,
    ...overrides,
  };
  return { alert, record: { topic: "alert", partition: 0, offset: String(n), key: alert.phone, value: JSON.stringify(alert) } };
}

export const awake = { sleep: async () => true };
