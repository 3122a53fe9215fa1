import type { z } from "zod";
import {
  alertSchema,
  dispatchResultSchema,
  dispatchSchema,
  dlqSchema,
  flowCancelSchema,
  flowEventSchema,
  flowStartSchema,
  reportSchema,
  timerSchema,
} from "./messages.js";

/**
 * A topic is its base name and its message schema in one object, so a producer and a
 * consumer of the same topic cannot disagree. All are keyed by the canonical phone and
 * created with one partition count (co-partitioning); the deployed name carries a prefix.
 */
export interface Topic<S extends z.ZodType = z.ZodType> {
  base: string;
  schema: S;
  /** retention.ms `npm run topics` gives it unless SUNSEO_TOPIC_RETENTION says otherwise. */
  retentionMs: number;
  /**
   * Carries personal data beyond the phone every key holds (a flow's variables, a rejected
   * message as it came): its retention is the one a data-protection review looks at.
   */
  personalData: boolean;
}

const DAY_MS = 86_400_000;

const topic = <S extends z.ZodType>(base: string, schema: S, { retentionDays = 7, personalData = false } = {}): Topic<S> => ({
  base,
  schema,
  retentionMs: retentionDays * DAY_MS,
  personalData,
});

// A week everywhere: a consumer group down over a long weekend resumes without losing input.
// The dlq keeps two weeks, the time an operator has to look at and replay what it holds.
export const topics = {
  flowStart: topic("flow-start", flowStartSchema, { personalData: true }),
  flowCancel: topic("flow-cancel", flowCancelSchema),
  dispatch: topic("dispatch", dispatchSchema),
  dispatchResult: topic("dispatch-result", dispatchResultSchema),
  report: topic("report", reportSchema),
  timer: topic("timer", timerSchema),
  alert: topic("alert", alertSchema),
  flowEvent: topic("flow-event", flowEventSchema),
  dlq: topic("dlq", dlqSchema, { retentionDays: 14, personalData: true }),
} as const;

export type TopicKey = keyof typeof topics;

/** Prepended to every topic's base name unless SUNSEO_TOPIC_PREFIX says otherwise. */
export const DEFAULT_TOPIC_PREFIX = "sunseo.";

export const topicName = (prefix: string, t: Topic): string => `${prefix}${t.base}`;

export const allTopicNames = (prefix: string): string[] => Object.values(topics).map((t) => topicName(prefix, t));

/** The topics the sequencer reads: they must be co-partitioned with each other. */
export const sequencerInputs = [topics.flowStart, topics.flowCancel, topics.report, topics.dispatchResult, topics.timer] as const;
