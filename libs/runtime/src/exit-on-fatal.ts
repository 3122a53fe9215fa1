import type { Logger } from "@sunseo/logger";

/**
 * For a failure the process cannot get over by itself (kafkajs gave up on a consumer, say):
 * one fatal line and exit non-zero, so the supervisor restarts the service and counts it.
 * Staying up would look alive while consuming nothing.
 */
export const exitOnFatal =
  (logger: Logger) =>
  (err: Error): never => {
    logger.fatal({ err }, "cannot go on; exiting so the supervisor restarts the service");
    process.exit(1);
  };
