/** Every Redis key the alerter writes, built here only (the alerter writes them, the console reads them). */
export const alerterKeys = (prefix: string) => ({
  // "sent" in the key name predates the posting state; kept so alerts sent before an upgrade stay recognised.
  sinkState: (sink: string, alertId: string) => `${prefix}alerter:sent:${sink}:${alertId}`,
  folded: (alertId: string) => `${prefix}alerter:folded:${alertId}`,
});
