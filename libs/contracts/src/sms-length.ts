/**
 * Korean carriers limit an SMS to 90 bytes counted in EUC-KR (KS X 1001): one byte for
 * ASCII, two for Hangul and every other character. Longer text must go as LMS. Characters
 * EUC-KR cannot encode at all (emoji) are counted as two bytes here; the gateway decides
 * what happens to them.
 */
export const SMS_MAX_BYTES = 90;
/** An LMS carries up to 2000 bytes of text and a 64-byte subject, counted the same way. */
export const LMS_MAX_BYTES = 2000;
export const LMS_SUBJECT_MAX_BYTES = 64;

export function euckrByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += (char.codePointAt(0) as number) < 0x80 ? 1 : 2;
  return bytes;
}
