import { decode, topics, type Dlq } from "@sunseo/contracts";
import type { OutgoingMessage } from "@sunseo/kafka";
import { maskPhone, maskPhonesInText } from "@sunseo/phone";

/** The pure half of listing and replaying dlq records (the CLI's `dlq` commands, the console's DLQ page): decoding, filtering, planning. */

export interface DlqRecord {
  partition: number;
  offset: string;
  /** Undefined when the record itself does not match dlqSchema (then `problem` says why). */
  entry?: Dlq;
  problem?: string;
}

export interface DlqFilter {
  /** The original topic, by its full name or its base name ("flow-start"). */
  topic?: string;
  code?: string;
}

/** A dlq record is named by its own coordinates on the dlq topic: "partition:offset". */
export const recordId = (record: Pick<DlqRecord, "partition" | "offset">): string => `${record.partition}:${record.offset}`;

export function decodeDlqRecord(partition: number, offset: string, value: Buffer | null): DlqRecord {
  const decoded = decode(topics.dlq, value);
  return decoded.ok ? { partition, offset, entry: decoded.value } : { partition, offset, problem: decoded.reason };
}

export function matchesFilter(entry: Dlq, { topic, code }: DlqFilter, topicPrefix: string): boolean {
  if (code !== undefined && entry.code !== code) return false;
  return topic === undefined || entry.topic === topic || entry.topic === `${topicPrefix}${topic}`;
}

/** Readable records that pass the filter, oldest first; with a limit, the newest `limit` of them. */
export function listEntries(records: readonly DlqRecord[], filter: DlqFilter, topicPrefix: string, limit?: number): DlqRecord[] {
  const kept = records
    .filter((r) => r.entry !== undefined && matchesFilter(r.entry, filter, topicPrefix))
    .sort((a, b) => a.entry!.at - b.entry!.at || a.partition - b.partition || Number(a.offset) - Number(b.offset));
  return limit === undefined ? kept : kept.slice(Math.max(0, kept.length - limit));
}

export type ReplayPlan = { ok: true; message: OutgoingMessage } | { ok: false; reason: string };

/**
 * The original message, to be produced again to its original topic with its key. A record
 * whose value is not JSON or that has no key is not replayed: it would fail the same way
 * (and a keyless message would land on an arbitrary partition, out of its phone's order).
 * Only topics of the configured prefix are written to, never the dlq itself.
 */
export function replayPlan(entry: Dlq, replayableTopics: ReadonlySet<string>): ReplayPlan {
  if (!replayableTopics.has(entry.topic)) return { ok: false, reason: `not a sunseo input topic of this prefix: ${entry.topic}` };
  if (entry.value === null) return { ok: false, reason: "no value" };
  if (entry.key === null) return { ok: false, reason: "no key" };
  let value: unknown;
  try {
    value = JSON.parse(entry.value);
  } catch {
    return { ok: false, reason: "value is not JSON" };
  }
  return { ok: true, message: { topic: entry.topic, key: entry.key, value } };
}

export interface DlqEntryView {
  id: string;
  service: string;
  topic: string;
  source: string;
  key: string | null;
  code: string;
  reason: string;
  at: string;
  value: string | null;
}

export function dlqEntryView(record: DlqRecord & { entry: Dlq }, showPhone: boolean): DlqEntryView {
  const { entry } = record;
  const text = (value: string) => (showPhone ? value : maskPhonesInText(value));
  return {
    id: recordId(record),
    service: entry.service,
    topic: entry.topic,
    source: `${entry.partition}:${entry.offset}`,
    key: entry.key === null || showPhone ? entry.key : maskPhone(entry.key),
    code: entry.code,
    reason: text(entry.reason),
    at: new Date(entry.at).toISOString(),
    value: entry.value === null ? null : text(entry.value),
  };
}
