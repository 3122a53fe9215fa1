/**
 * Every Redis key the console writes: its own index, beside (never inside) the sequencer's
 * state. All expire after the retention window; the sorted sets are trimmed on write.
 */
export const consoleKeys = (prefix: string) => ({
  /** Ended-badly flows (failed, timed out, cancelled), scored by when they ended. */
  failures: `${prefix}console:failures`,
  failure: (instanceId: string) => `${prefix}console:failure:${instanceId}`,
  /** Alerts as the alert topic carried them, scored by their time. */
  alerts: `${prefix}console:alerts`,
  alert: (alertId: string) => `${prefix}console:alert:${alertId}`,
  /** Bizppurio messagekey -> refkey, from dispatch-result (the state has no messagekey index). */
  messagekey: (messagekey: string) => `${prefix}console:messagekey:${messagekey}`,
  /** idempotency key -> instance id, from flow-event (the state keeps them per phone only). */
  idempotency: (key: string) => `${prefix}console:idempotency:${key}`,
  /** dlq record id -> who replayed it and when, so a record is not replayed twice by accident. */
  replayed: (dlqTopic: string) => `${prefix}console:dlq-replayed:${dlqTopic}`,
});
export type ConsoleKeys = ReturnType<typeof consoleKeys>;
