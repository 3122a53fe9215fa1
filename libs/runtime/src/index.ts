export { onShutdown, SHUTDOWN_GRACE_MS } from "./shutdown.js";
export { startOpsServer, type OpsServer, type OpsServerOptions } from "./ops-server.js";
export { runMain } from "./run-main.js";
export { exitOnFatal } from "./exit-on-fatal.js";
export { backoffDelay, sleep, type RetryPolicy } from "./backoff.js";
export { startPeriodic, GAUGE_INTERVAL_MS, type Periodic } from "./periodic.js";
export { recordLag } from "./lag-gauge.js";
