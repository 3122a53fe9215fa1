export { createConsole, type Console, type ConsoleDeps } from "./console.js";
export { configSchema, readConfig, type Config } from "./config.js";
export { hashPassword, verifyPassword } from "./auth/password.js";
export { createConsoleMetrics, type ConsoleMetrics } from "./metrics.js";
export { phoneRefs, type PhoneRefs } from "./phone-ref.js";
