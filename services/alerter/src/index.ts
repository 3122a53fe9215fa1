export { createAlerter, createSinks, type Alerter, type AlerterConfig, type AlerterDeps } from "./alerter.js";
export { createAlerterMetrics, type AlerterMetrics } from "./metrics.js";
export { configSchema, readConfig, type Config } from "./config.js";
export { alertMessage, summaryPosts, discordPayload, slackPayload, type ChatMessage } from "./format.js";
