export { startAlerter, createSinks, type Alerter, type AlerterDeps } from "./alerter.js";
export { configSchema, readConfig, type Config } from "./config.js";
export { alertMessage, summaryPosts, discordPayload, slackPayload, type ChatMessage } from "./format.js";
