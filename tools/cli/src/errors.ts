/**
 * The CLI's errors carry their exit code and a stable code for scripts (`--json` prints
 * `{"error":{"code","message"}}`): exit 2 for a command line, configuration or request the CLI
 * cannot accept (usage, a bad phone, an unknown flow), 1 for a well-formed request that cannot
 * be served (unknown id, nothing to do, a broker or Redis out of reach).
 * Neither is retriable: the same command fails the same way until the input or state changes.
 */
export class CliError extends Error {
  override readonly name: string = "CliError";
  readonly retriable = false;

  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly code: string = "FAILED",
    /** Each problem on its own, when there are several (an invalid flow-start). */
    readonly problems?: readonly string[],
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override readonly name = "UsageError";
  constructor(message: string) {
    super(message, 2, "USAGE");
  }
}

export class NotFoundError extends CliError {
  override readonly name = "NotFoundError";
  constructor(message: string) {
    super(message, 1, "NOT_FOUND");
  }
}
