export { createDispatcher, type Dispatcher, type DispatcherDeps } from "./dispatcher.js";
export { createMetrics, type DispatcherMetrics } from "./metrics.js";
