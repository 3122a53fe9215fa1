/** The gateway's clock: Korean time (UTC+9, no daylight saving) in its compact formats. */
const KST_OFFSET_MS = 9 * 3_600_000;

export const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

const kstDigits = (ms: number): string => {
  const d = new Date(ms + KST_OFFSET_MS);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}`;
};

/** The gateway's `expired` format: yyyyMMddHHmmss. */
export const formatKst = (ms: number): string => kstDigits(ms).slice(0, 14);

/** The time at the head of a messagekey: yyMMddHHmmssSSS. */
export const messagekeyStamp = (ms: number): string => kstDigits(ms).slice(2);
