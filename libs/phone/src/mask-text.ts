import { maskCanonical } from "./mask.js";
import { classifyPhone } from "./parse.js";

// Character classes for the forms normalizePhone accepts, ASCII and full-width alike
// (the text is not NFKC-normalised as a whole: only a matched number is).
const D = String.raw`[0-9\uFF10-\uFF19]`;
const ZERO = String.raw`[0\uFF10]`;
const SEP = String.raw`[ \u00A0\u3000.\uFF0E\-\u2010-\u2015\u2212\uFF0D]`;
const OPEN = String.raw`[(\uFF08]`;
const CLOSE = String.raw`[)\uFF09]`;
const PLUS = String.raw`[+\uFF0B]`;
const EIGHT_TWO = String.raw`[8\uFF18][2\uFF12]`;

// +82, 0082, 00182, 00700 82 or a bare 82, optionally followed by a trunk "(0)".
const COUNTRY = `(?:(?:${PLUS}|${ZERO}{2}${D}{0,3})${SEP}?)?${EIGHT_TWO}${SEP}?(?:${OPEN}${ZERO}${CLOSE}${SEP}?)?`;
// Area or service code (maybe in parentheses), exchange, line: 8 to 12 digits in all.
const BODY = `${OPEN}?${D}{1,4}${CLOSE}?${SEP}?${D}{3,4}${SEP}?${D}{4}`;
// A letter or digit right before or after means the digits belong to something else
// (an id, a timestamp, a longer number).
const PATTERN = `(?<![\\p{L}\\p{N}])(?:${COUNTRY})?${BODY}(?![\\p{L}\\p{N}])`;
const PHONE_LIKE = new RegExp(PATTERN, "gu");
const PHONE_LIKE_HERE = new RegExp(PATTERN, "uy");
const SEPARATOR = new RegExp(SEP, "u");
const ANY_DIGIT = /[0-9\uFF10-\uFF19]/;

interface Found {
  readonly start: number;
  readonly end: number;
  readonly masked: string;
}

/**
 * Replaces every phone number inside free text by its mask. The pattern only finds
 * candidates; a candidate is masked only when it parses as a Korean number, so ids and
 * numbers with unknown prefixes pass through unchanged. Representative numbers (15xx)
 * are public business lines and are left as written.
 */
export function maskPhonesInText(text: string): string {
  // Runs on every string of every log line: most have no digit at all.
  if (!ANY_DIGIT.test(text)) return text;

  let out = "";
  let copied = 0;
  PHONE_LIKE.lastIndex = 0;
  for (let m = PHONE_LIKE.exec(text); m !== null; m = PHONE_LIKE.exec(text)) {
    const phone = bestPhoneIn(text, m.index, m[0]);
    if (phone === undefined) {
      // Not a phone from here; one may start after the next separator ("5 010-1234-5678").
      PHONE_LIKE.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(copied, phone.start) + phone.masked;
    copied = phone.end;
    PHONE_LIKE.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Digit groups joined by separators can be split into a phone more than one way. In
 * "2024-01-02 010-1234-5678", "02 010-1234" is a valid Seoul number, but the phone is
 * the one that reaches furthest, so candidates starting after each separator are tried
 * too and the one ending last wins (the earliest on a tie).
 */
function bestPhoneIn(text: string, start: number, candidate: string): Found | undefined {
  let best = longestPhoneAt(start, candidate);
  for (let i = 1; i < candidate.length; i++) {
    if (!SEPARATOR.test(candidate.charAt(i - 1))) continue;
    PHONE_LIKE_HERE.lastIndex = start + i;
    const later = PHONE_LIKE_HERE.exec(text);
    const found = later === null ? undefined : longestPhoneAt(later.index, later[0]);
    if (found !== undefined && (best === undefined || found.end > best.end)) best = found;
  }
  return best;
}

/**
 * The candidate if it is a phone, else its longest prefix ending before a separator that
 * is: the pattern is greedy and may swallow a following group ("82 2000 0000 0000").
 */
function longestPhoneAt(start: number, candidate: string): Found | undefined {
  for (let end = candidate.length; end > 0; end--) {
    if (end < candidate.length && !SEPARATOR.test(candidate.charAt(end))) continue;
    const result = classifyPhone(candidate.slice(0, end));
    if (result.ok && result.kind !== "representative") {
      return { start, end: start + end, masked: maskCanonical(result.canonical, result.prefixLength) };
    }
  }
  return undefined;
}
