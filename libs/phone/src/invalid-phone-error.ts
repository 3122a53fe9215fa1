import { maskAllButLast4 } from "./mask-tail.js";

export type InvalidPhoneReason =
  | "empty"
  | "contains letters"
  | "contains invalid characters"
  | "no digits"
  | "misplaced +"
  | "not a Korean number"
  | "too short"
  | "too long"
  | `unknown prefix ${string}`;

// Error messages end up in logs and dead-letter records: show only the tail of the input,
// and only a bounded part of it so a huge bogus value cannot blow up a log line.
const MAX_SHOWN = 40;

export class InvalidPhoneError extends Error {
  override readonly name = "InvalidPhoneError";
  readonly code = "INVALID_PHONE";
  readonly reason: InvalidPhoneReason;

  constructor(reason: InvalidPhoneReason, input: string) {
    const masked = maskAllButLast4(input);
    const shown = masked.length > MAX_SHOWN ? `…${masked.slice(-MAX_SHOWN)}` : masked;
    super(`invalid phone number "${shown}": ${reason}`);
    this.reason = reason;
  }
}
