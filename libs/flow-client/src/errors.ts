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

/**
 * Kafka did not acknowledge a start (a produce timeout, the broker unreachable): it may or may
 * not have been stored. Retriable: start again with this `idempotencyKey` (the one given or the
 * one generated) and the sequencer starts the flow at most once. `phone` is the canonical number,
 * kept out of the message.
 */
export class FlowStartFailedError extends Error {
  override readonly name = "FlowStartFailedError";
  readonly code = "FLOW_START_FAILED";
  readonly retriable = true;

  constructor(
    readonly flow: string,
    readonly phone: string,
    readonly idempotencyKey: string,
    cause: unknown,
  ) {
    super(`flow-start of ${flow} was not acknowledged by Kafka; retry with idempotencyKey ${idempotencyKey}`, { cause });
  }
}
