export { createLogger, type CreateLoggerOptions } from "./create-logger.js";
export type { Logger } from "pino";
