export { onShutdown } from "./shutdown.js";
export { startOpsServer, type OpsServer, type OpsServerOptions } from "./ops-server.js";
export { runMain } from "./run-main.js";
export { exitOnFatal } from "./exit-on-fatal.js";
export { backoffDelay, sleep, type RetryPolicy } from "./backoff.js";
