import { decode, topics, type Dlq } from "@sunseo/contracts";
import type { OutgoingMessage } from "@sunseo/kafka";
import { maskPhone, maskPhonesInText } from "@sunseo/phone";
import { NotFoundError, UsageError } from "./errors.js";
import { formatTable, formatTime, type TimeZone } from "./table.js";

/** The pure half of `dlq list` and `dlq replay`: decoding, filtering, choosing and printing records. */

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

export type ReplayTarget = { all: true } | { id: string };

/**
 * The records a replay acts on: all that pass the filter, or the one named by "partition:offset"
 * (a bare offset is accepted when only one partition has it).
 */
export function selectForReplay(records: readonly DlqRecord[], target: ReplayTarget, filter: DlqFilter, topicPrefix: string): DlqRecord[] {
  const candidates = listEntries(records, filter, topicPrefix);
  if ("all" in target) return candidates;
  const matching = target.id.includes(":") ? candidates.filter((r) => recordId(r) === target.id) : candidates.filter((r) => r.offset === target.id);
  if (matching.length === 0) throw new NotFoundError(`no dlq record ${target.id}${filter.code || filter.topic ? " matching the filter" : ""}`);
  if (matching.length > 1) {
    throw new UsageError(`offset ${target.id} is on several partitions; name one of ${matching.map(recordId).join(", ")}`);
  }
  return matching;
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

const REASON_WIDTH = 80;
const clip = (text: string): string => (text.length > REASON_WIDTH ? `${text.slice(0, REASON_WIDTH - 1)}…` : text);

export function renderDlqList(views: readonly DlqEntryView[], unreadable: number, zone: TimeZone): string {
  const note = unreadable > 0 ? `\n(${unreadable} record(s) on the dlq topic do not match its schema and are not shown)` : "";
  if (views.length === 0) return `no dlq records${note}`;
  const table = formatTable(
    ["ID", "AT", "SERVICE", "TOPIC", "SOURCE", "KEY", "CODE", "REASON"],
    views.map((v) => [v.id, formatTime(Date.parse(v.at), zone), v.service, v.topic, v.source, v.key, v.code, clip(v.reason)]),
  );
  return `${table}${note}`;
}

export interface ReplayOutcome {
  id: string;
  topic: string;
  key: string | null;
  code: string;
  /** "replayed", or why the record was left alone. */
  result: string;
}

export function renderReplay(outcomes: readonly ReplayOutcome[]): string {
  if (outcomes.length === 0) return "no dlq records to replay";
  const replayed = outcomes.filter((o) => o.result === "replayed").length;
  const table = formatTable(
    ["ID", "TOPIC", "KEY", "CODE", "RESULT"],
    outcomes.map((o) => [o.id, o.topic, o.key, o.code, o.result]),
  );
  return `${table}\n\n${replayed} of ${outcomes.length} replayed`;
}
