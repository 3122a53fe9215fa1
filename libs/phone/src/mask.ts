import { maskAllButLast4 } from "./mask-tail.js";
import { classifyPhone } from "./parse.js";

/** `010-****-5678`: the area or service code and the last four digits, the middle starred. */
export function maskCanonical(canonical: string, prefixLength: number): string {
  const head = canonical.slice(0, prefixLength);
  const tail = canonical.slice(-4);
  const hidden = canonical.length - prefixLength - 4;
  // Representative numbers (1588-1234) have no middle part: they are public business lines.
  return hidden > 0 ? `${head}-${"*".repeat(hidden)}-${tail}` : `${head}-${tail}`;
}

/** Masks one phone number in any typed form; anything else keeps only its last 4 characters. */
export function maskPhone(phone: string): string {
  const result = classifyPhone(phone);
  return result.ok ? maskCanonical(result.canonical, result.prefixLength) : maskAllButLast4(phone);
}
