export { createDispatcher, type Dispatcher, type DispatcherConfig, type DispatcherDeps } from "./dispatcher.js";
export { createDispatcherMetrics, type DispatcherMetrics } from "./metrics.js";
export { configSchema, readConfig, type Config } from "./config.js";
