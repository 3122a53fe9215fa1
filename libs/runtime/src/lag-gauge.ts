import type { Gauge } from "prom-client";

/**
 * Replaces a consumer-lag gauge's series with one sample, labelled by topic without the
 * deployment's prefix so dashboards work for every prefix. A partition no longer in the
 * sample disappears instead of keeping its last value.
 */
export function recordLag(
  gauge: Gauge<"topic" | "partition">,
  sample: readonly { topic: string; partition: number; lag: number }[],
  topicPrefix: string,
): void {
  gauge.reset();
  for (const { topic, partition, lag } of sample) {
    const base = topic.startsWith(topicPrefix) ? topic.slice(topicPrefix.length) : topic;
    gauge.set({ topic: base, partition: String(partition) }, lag);
  }
}
