import { listEntries, recordId, type DlqEntryView, type DlqFilter, type DlqRecord } from "@sunseo/dlq";
import { NotFoundError, UsageError } from "./errors.js";
import { formatTable, formatTime, type TimeZone } from "./table.js";

/** The CLI's half of `dlq list` and `dlq replay`: choosing records by id and printing them; the rest is @sunseo/dlq. */

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
