import type { TopicState } from "@sunseo/kafka";
import { formatTable } from "./table.js";

export interface TopicRow {
  topic: string;
  partitions: number | "missing";
  /** The fewest replicas of any of its partitions; absent for a missing topic. */
  replicationFactor?: number;
  minInsyncReplicas?: number;
  retentionMs?: number;
  status: "ok" | "missing" | "differs";
}

/**
 * Marks each topic: missing, or differing from the partition count most topics have (the
 * count co-partitioning expects); a tie goes to the larger count.
 */
export function topicRows(
  names: readonly string[],
  counts: Readonly<Record<string, number | "missing">>,
  states: ReadonlyMap<string, TopicState> = new Map(),
): TopicRow[] {
  const tally = new Map<number, number>();
  for (const name of names) {
    const count = counts[name];
    if (typeof count === "number") tally.set(count, (tally.get(count) ?? 0) + 1);
  }
  const expected = [...tally].sort(([countA, a], [countB, b]) => b - a || countB - countA)[0]?.[0];
  return names.map((topic) => {
    const partitions = counts[topic] ?? "missing";
    const status = partitions === "missing" ? "missing" : partitions === expected ? "ok" : "differs";
    const state = states.get(topic);
    const settings = state ? { replicationFactor: state.replicationFactor, minInsyncReplicas: state.minInsyncReplicas, retentionMs: state.retentionMs } : {};
    return { topic, partitions, ...settings, status };
  });
}

export const topicsOk = (rows: readonly TopicRow[]): boolean => rows.every((r) => r.status === "ok");

const retention = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms}ms`;

/** The table, the co-partitioning verdict, then one line per setting that differs from the configured one or is risky. */
export function renderTopicRows(rows: readonly TopicRow[], warnings: readonly string[] = []): string {
  const table = formatTable(
    ["TOPIC", "PARTITIONS", "REPLICAS", "MIN ISR", "RETENTION", "STATUS"],
    rows.map((r) => [r.topic, r.partitions, r.replicationFactor, r.minInsyncReplicas, retention(r.retentionMs), r.status]),
  );
  const verdict = topicsOk(rows)
    ? `all ${rows.length} topics exist with ${rows[0]?.partitions} partitions`
    : `problem: ${rows.filter((r) => r.status !== "ok").length} topic(s) missing or with a different partition count (run "npm run topics")`;
  return [table, "", verdict, ...warnings.map((w) => `warning: ${w}`)].join("\n");
}
