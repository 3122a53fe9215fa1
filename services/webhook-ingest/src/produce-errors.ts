/** Kafka did not acknowledge in time; the caller answers 503 and the gateway pushes again. */
export class ProduceTimeoutError extends Error {
  override readonly name = "ProduceTimeoutError";
  readonly code = "PRODUCE_TIMEOUT";
  readonly retriable = true;
  constructor(readonly timeoutMs: number) {
    super(`Kafka did not acknowledge within ${timeoutMs} ms`);
  }
}

/** The produce call failed; nothing of its batch may be treated as stored. */
export class ProduceFailedError extends Error {
  override readonly name = "ProduceFailedError";
  readonly code = "PRODUCE_FAILED";
  readonly retriable = true;
  constructor(override readonly cause: unknown) {
    super(`Kafka write failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
