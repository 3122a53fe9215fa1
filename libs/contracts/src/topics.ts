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
}

const topic = <S extends z.ZodType>(base: string, schema: S): Topic<S> => ({ base, schema });

export const topics = {
  flowStart: topic("flow-start", flowStartSchema),
  flowCancel: topic("flow-cancel", flowCancelSchema),
  dispatch: topic("dispatch", dispatchSchema),
  dispatchResult: topic("dispatch-result", dispatchResultSchema),
  report: topic("report", reportSchema),
  timer: topic("timer", timerSchema),
  alert: topic("alert", alertSchema),
  flowEvent: topic("flow-event", flowEventSchema),
  dlq: topic("dlq", dlqSchema),
} as const;

export type TopicKey = keyof typeof topics;

/** Prepended to every topic's base name unless SUNSEO_TOPIC_PREFIX says otherwise. */
export const DEFAULT_TOPIC_PREFIX = "sunseo.";

export const topicName = (prefix: string, t: Topic): string => `${prefix}${t.base}`;

export const allTopicNames = (prefix: string): string[] => Object.values(topics).map((t) => topicName(prefix, t));

/** The topics the sequencer reads: they must be co-partitioned with each other. */
export const sequencerInputs = [topics.flowStart, topics.flowCancel, topics.report, topics.dispatchResult, topics.timer] as const;
