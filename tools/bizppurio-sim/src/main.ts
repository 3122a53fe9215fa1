import { WEBHOOK_SECRET_HEADER } from "@sunseo/contracts";
import { createLogger } from "@sunseo/logger";
import { onShutdown, runMain } from "@sunseo/runtime";
import { readConfig, readFaults } from "./config.js";
import { startSimulator } from "./simulator.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "bizppurio-sim", level: config.LOG_LEVEL });
  const sim = await startSimulator({
    port: config.PORT,
    host: config.HOST,
    account: config.SIM_ACCOUNT,
    password: config.SIM_PASSWORD,
    ...(config.SIM_WEBHOOK_URL ? { webhookUrl: config.SIM_WEBHOOK_URL } : {}),
    ...(config.SIM_WEBHOOK_SECRET ? { webhookHeaders: { [WEBHOOK_SECRET_HEADER]: config.SIM_WEBHOOK_SECRET } } : {}),
    tokenTtlMs: config.SIM_TOKEN_TTL,
    seed: config.SIM_SEED,
    faults: readFaults(config),
    logger,
  });
  logger.info({ url: sim.url, webhook: config.SIM_WEBHOOK_URL ?? "none" }, "bizppurio simulator started");
  onShutdown(logger, [() => sim.close()]);
}

runMain(main);
