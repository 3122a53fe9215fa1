/** A tool the local servers need (Java, Maven, redis-server) is not on PATH: the message says what to install or set instead. */
export class MissingToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingToolError";
  }
}

/** A server handle was asked for something its current state does not allow (start while running). */
export class ServerStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServerStateError";
  }
}
