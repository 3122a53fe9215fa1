export { createIngestApp, type IngestAppDeps } from "./app.js";
export { createIngest, type Ingest, type IngestConfig, type IngestDeps } from "./ingest.js";
export { createIngestMetrics, type IngestMetrics } from "./metrics.js";
export { configSchema, readConfig, type Config } from "./config.js";
export { ProduceFailedError, ProduceTimeoutError } from "./produce-errors.js";
