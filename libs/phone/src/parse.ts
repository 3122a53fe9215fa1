import { InvalidPhoneError, type InvalidPhoneReason } from "./invalid-phone-error.js";
import { NUMBER_PLAN, type PhoneKind } from "./number-plan.js";

export interface ParsedPhone {
  /** Digits only, national form: `01012345678`, `021234567`, `15881234`. */
  readonly canonical: string;
  readonly kind: PhoneKind;
}

export type Classification =
  | { readonly ok: true; readonly canonical: string; readonly kind: PhoneKind; readonly prefixLength: number }
  | { readonly ok: false; readonly reason: InvalidPhoneReason };

const LETTER = /\p{L}/u;
// After NFKC: digits, a leading +, and the separators people type (spaces, dots,
// parentheses, any dash, the minus sign).
const ALLOWED = /^[+\d\s().\p{Pd}\u2212]*$/u;
const DIGIT = /\d/;
const NON_DIGIT = /\D/g;
// 00, optionally with a carrier code (001, 002, 008, 00700, 00365, ...), then Korea's 82.
// The bare 00 is tried first: in 0082182... the 82 is the country, not carrier "821".
const INTERNATIONAL_ACCESS = /^00(?:|[1-9]|[37]\d\d)82/;
const REPRESENTATIVE = /^1[568]\d{6}$/;

/** Classifies without throwing: the shared core of parsing, validation and masking. */
export function classifyPhone(input: string): Classification {
  const text = input.normalize("NFKC").trim();
  if (text === "") return { ok: false, reason: "empty" };
  if (LETTER.test(text)) return { ok: false, reason: "contains letters" };
  if (!ALLOWED.test(text)) return { ok: false, reason: "contains invalid characters" };
  if (!DIGIT.test(text)) return { ok: false, reason: "no digits" };
  if (text.lastIndexOf("+") > 0) return { ok: false, reason: "misplaced +" };

  const national = toNational(text.startsWith("+"), text.replace(NON_DIGIT, ""));
  if (national === undefined) return { ok: false, reason: "not a Korean number" };

  const rule = NUMBER_PLAN.find((r) => r.prefix.test(national));
  if (rule === undefined) {
    // Three digits or fewer cannot tell an unknown prefix from an unfinished number.
    return national.length <= 3 ? { ok: false, reason: "too short" } : { ok: false, reason: `unknown prefix ${national.slice(0, 3)}` };
  }
  if (national.length < rule.minLength) return { ok: false, reason: "too short" };
  if (national.length > rule.maxLength) return { ok: false, reason: "too long" };
  return { ok: true, canonical: national, kind: rule.kind, prefixLength: rule.prefixLength };
}

/** The national digits, or undefined when the number belongs to another country. */
function toNational(hasPlus: boolean, digits: string): string | undefined {
  if (hasPlus) return digits.startsWith("82") ? fromInternational(digits.slice(2)) : undefined;
  if (digits.startsWith("00")) {
    const access = INTERNATIONAL_ACCESS.exec(digits);
    return access === null ? undefined : fromInternational(digits.slice(access[0].length));
  }
  // No national number starts with 8, so a leading 82 can only be the country code.
  if (digits.startsWith("82")) return fromInternational(digits.slice(2));
  return digits;
}

/** After +82: drop a trunk 0 typed anyway (`+82 (0)10`), then put it back where it belongs. */
function fromInternational(rest: string): string {
  const withoutTrunk = rest.startsWith("0") ? rest.slice(1) : rest;
  return REPRESENTATIVE.test(withoutTrunk) ? withoutTrunk : `0${withoutTrunk}`;
}

/** Parses any typed form of a Korean number; throws InvalidPhoneError when it is not one. */
export function parsePhone(input: string): ParsedPhone {
  const result = classifyPhone(input);
  if (!result.ok) throw new InvalidPhoneError(result.reason, input);
  return { canonical: result.canonical, kind: result.kind };
}

/** The canonical key (digits, national form) used for Kafka keys and Redis keys. */
export function normalizePhone(input: string): string {
  return parsePhone(input).canonical;
}

/** True for a valid mobile number in any typed form; false for anything else, never throws. */
export function isMobile(input: string): boolean {
  const result = classifyPhone(input);
  return result.ok && result.kind === "mobile";
}
