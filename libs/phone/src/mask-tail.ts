/**
 * Stars every character but the last four: what may be shown of a value that is not a
 * valid phone number (so its structure is unknown). Works on code points so a masked
 * string never ends in half a surrogate pair.
 */
export function maskAllButLast4(text: string): string {
  const chars = Array.from(text);
  const hidden = Math.max(chars.length - 4, 0);
  return "*".repeat(hidden) + chars.slice(hidden).join("");
}
