import { pino, type Bindings, type DestinationStream, type LevelWithSilent, type Logger } from "pino";
import { scrub } from "./scrub.js";

export interface CreateLoggerOptions {
  /** The service or component, printed as `name` on every line. */
  readonly name: string;
  readonly level?: LevelWithSilent;
  /** Where the JSON lines go; stdout when omitted. */
  readonly destination?: DestinationStream;
}

/**
 * A pino JSON logger that never prints a whole phone number or a secret: the logged
 * object, the final message (after %s interpolation) and child bindings are scrubbed.
 */
export function createLogger({ name, level = "info", destination }: CreateLoggerOptions): Logger {
  const options = {
    name,
    level,
    formatters: {
      log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown>,
    },
    serializers: {
      // pino builds the message outside the logged object, after interpolation.
      msg: scrub,
      // formatters.log has already serialised and scrubbed errors; pino's own err
      // serializer would take that result for an error-like object and retype it.
      err: (value: unknown) => value,
    },
  };
  const logger = destination === undefined ? pino(options) : pino(options, destination);

  // pino runs a child's bindings through no formatter, so they are scrubbed on the way
  // in. Children are Object.create(parent): they inherit these methods.
  const pinoChild = logger.child;
  logger.child = function (this: Logger, bindings: Bindings, childOptions) {
    return pinoChild.call(this, scrub(bindings) as Bindings, childOptions);
  } as typeof pinoChild;
  const pinoSetBindings = logger.setBindings;
  logger.setBindings = function (this: Logger, bindings: Bindings) {
    pinoSetBindings.call(this, scrub(bindings) as Bindings);
  };
  return logger;
}
