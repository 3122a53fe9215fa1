const KST_OFFSET_MS = 9 * 3_600_000;

/** The token's `expired` (yyyyMMddHHmmss, Korean time) -> epoch ms; undefined when malformed. */
export function parseExpired(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - KST_OFFSET_MS;
}
