/** Times on the page: KST by default (the operators' and the recipients' zone), UTC on request. */
export type Zone = "kst" | "utc";

const KST_OFFSET_MS = 9 * 3_600_000;

export function formatTime(ms: number | undefined, zone: Zone): string {
  if (ms === undefined) return "";
  const shifted = new Date(zone === "kst" ? ms + KST_OFFSET_MS : ms).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 23)} ${zone === "kst" ? "KST" : "UTC"}`;
}

/** "1.2 s", "340 ms", "3 m 05 s": the gap between two steps, readable at a glance. */
export function formatGap(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} m ${String(Math.round((ms % 60_000) / 1_000)).padStart(2, "0")} s`;
}
