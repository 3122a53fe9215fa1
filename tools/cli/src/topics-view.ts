import { formatTable } from "./table.js";

export interface TopicRow {
  topic: string;
  partitions: number | "missing";
  status: "ok" | "missing" | "differs";
}

/**
 * Marks each topic: missing, or differing from the partition count most topics have (the
 * count co-partitioning expects); a tie goes to the larger count.
 */
export function topicRows(names: readonly string[], counts: Readonly<Record<string, number | "missing">>): TopicRow[] {
  const tally = new Map<number, number>();
  for (const name of names) {
    const count = counts[name];
    if (typeof count === "number") tally.set(count, (tally.get(count) ?? 0) + 1);
  }
  const expected = [...tally].sort(([countA, a], [countB, b]) => b - a || countB - countA)[0]?.[0];
  return names.map((topic) => {
    const partitions = counts[topic] ?? "missing";
    const status = partitions === "missing" ? "missing" : partitions === expected ? "ok" : "differs";
    return { topic, partitions, status };
  });
}

export const topicsOk = (rows: readonly TopicRow[]): boolean => rows.every((r) => r.status === "ok");

export function renderTopicRows(rows: readonly TopicRow[]): string {
  const table = formatTable(
    ["TOPIC", "PARTITIONS", "STATUS"],
    rows.map((r) => [r.topic, r.partitions, r.status]),
  );
  const verdict = topicsOk(rows)
    ? `all ${rows.length} topics exist with ${rows[0]?.partitions} partitions`
    : `problem: ${rows.filter((r) => r.status !== "ok").length} topic(s) missing or with a different partition count (run "npm run topics")`;
  return `${table}\n\n${verdict}`;
}
