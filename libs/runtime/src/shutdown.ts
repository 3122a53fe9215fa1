import type { Logger } from "@sunseo/logger";

/** How long a drain may take before the process exits anyway: a pod's termination grace must exceed it. */
export const SHUTDOWN_GRACE_MS = 25_000;

/**
 * On SIGTERM/SIGINT, runs the closers in the order given (callers list them in reverse
 * order of creation: stop intake, drain, then close clients) and exits. A second signal,
 * or a drain longer than the grace period, exits at once with a non-zero code.
 */
export function onShutdown(logger: Logger, closers: (() => Promise<unknown>)[], { graceMs = SHUTDOWN_GRACE_MS } = {}): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal, exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error({ graceMs }, "shutdown took too long, exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    let code = 0;
    for (const close of closers) {
      try {
        await close();
      } catch (err) {
        code = 1;
        logger.error({ err }, "error while shutting down");
      }
    }
    logger.info("stopped");
    process.exit(code);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
