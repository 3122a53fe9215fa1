export { createIngestApp, type IngestAppDeps } from "./app.js";
export { startIngest, type Ingest, type IngestDeps } from "./ingest.js";
export { configSchema, readConfig, type Config } from "./config.js";
export { createBatcher, ProduceFailedError, ProduceTimeoutError, type Batcher } from "./batcher.js";
