/** Plain-text tables for a terminal: columns padded to the widest cell, Korean text counted as two columns. */

export type Cell = string | number | null | undefined;

// East Asian wide and full-width ranges (Hangul, CJK, full-width forms): two terminal columns each.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

// A missing value prints "-"; an empty string stays empty (a cell left blank on purpose).
const show = (cell: Cell): string => (cell === null || cell === undefined ? "-" : String(cell));

/** A header row, then one line per row; the last column is not padded (no trailing spaces). */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [headers.map(String), ...rows.map((row) => headers.map((_, i) => show(row[i])))];
  const widths = headers.map((_, i) => Math.max(...lines.map((line) => displayWidth(line[i]!))));
  return lines.map((line) => line.map((cell, i) => (i === line.length - 1 ? cell : cell + " ".repeat(widths[i]! - displayWidth(cell)))).join("  ")).join("\n");
}

/** "label: value" lines with the labels aligned, for one record in detail. */
export function formatFields(fields: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(...fields.map(([label]) => displayWidth(label)));
  return fields.map(([label, value]) => `${label}:${" ".repeat(width - displayWidth(label) + 1)}${show(value)}`).join("\n");
}

/** "kst": Korea Standard Time, how operators here read times; "utc": for comparing with logs kept in UTC. */
export type TimeZone = "kst" | "utc";

// Korea has kept +09:00 all year since 1988 (no daylight saving), so a fixed offset is exact.
const KST_OFFSET_MS = 9 * 3_600_000;

/** Epoch ms as ISO 8601 to the second, in KST ("+09:00") or UTC ("Z"): sortable and unambiguous. */
export function formatTime(ms: number | undefined, zone: TimeZone): string | undefined {
  if (ms === undefined) return undefined;
  if (zone === "utc") return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return new Date(ms + KST_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, "+09:00");
}
