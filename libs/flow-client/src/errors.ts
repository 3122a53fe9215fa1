/**
 * A start or cancel request that does not match its schema (flowStartSchema /
 * flowCancelSchema). Not retriable: the same request fails the same way. The problems name
 * fields, never echo a phone number.
 */
export class InvalidRequestError extends Error {
  override readonly name = "InvalidRequestError";
  readonly code = "INVALID_REQUEST";
  readonly retriable = false;

  constructor(
    readonly request: "flow-start" | "flow-cancel",
    readonly problems: string[],
  ) {
    super(`invalid ${request}: ${problems.join("; ")}`);
  }
}
