/**
 * The CLI's errors carry their exit code: 2 for a command line the CLI cannot accept (usage,
 * a bad phone), 1 for a well-formed request that cannot be served (unknown id, nothing to do).
 * Neither is retriable: the same command fails the same way until the input or state changes.
 */
export class CliError extends Error {
  override readonly name: string = "CliError";
  readonly retriable = false;

  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override readonly name = "UsageError";
  constructor(message: string) {
    super(message, 2);
  }
}

export class NotFoundError extends CliError {
  override readonly name = "NotFoundError";
  constructor(message: string) {
    super(message, 1);
  }
}
