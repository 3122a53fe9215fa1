import type { Kafka } from "kafkajs";
import { redactRedisUrl } from "@sunseo/config";
import { CatalogError, loadCatalog, type Catalog } from "@sunseo/flows";
import { kafkaConnection } from "@sunseo/config";
import { createKafka } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { createRedis, type Redis } from "@sunseo/redis";
import type { CliConfig } from "./config.js";
import { CliError } from "./errors.js";

/** What a command may use. Clients are made on first use, so `topics check` never dials Redis. */
export interface CliContext {
  config: CliConfig;
  redis(): Promise<Redis>;
  kafka(): Kafka;
  /** The flow catalog of SUNSEO_FLOWS_FILE, its ${VAR}s read from the same environment as the services'. */
  catalog(): Catalog;
}

export function createClients(
  config: CliConfig,
  logger: Logger,
  env: Record<string, string | undefined> = process.env,
): CliContext & { close(): Promise<void> } {
  let redis: Redis | undefined;
  let kafka: Kafka | undefined;
  let catalog: Catalog | undefined;
  return {
    config,
    catalog() {
      catalog ??= loadFlowsFile(config.SUNSEO_FLOWS_FILE, env);
      return catalog;
    },
    async redis() {
      if (redis === undefined) {
        redis = createRedis({ url: config.REDIS_URL, logger, connectTimeoutMs: 3_000 });
        try {
          await redis.connect();
        } catch (err) {
          // ioredis only says "Connection is closed": name what could not be reached.
          throw new CliError(`cannot reach Redis at ${redactRedisUrl(config.REDIS_URL)}: ${(err as Error).message}`, 1, "REDIS_UNREACHABLE");
        }
      }
      return redis;
    },
    kafka() {
      // A tool fails fast: a few retries, then the operator sees the error.
      kafka ??= createKafka({ ...kafkaConnection(config), clientId: config.KAFKA_CLIENT_ID ?? "sunseo-cli", logger, retries: 2 });
      return kafka;
    },
    async close() {
      redis?.disconnect();
    },
  };
}

function loadFlowsFile(path: string | undefined, env: Record<string, string | undefined>): Catalog {
  if (path === undefined) {
    throw new CliError("no flow catalog: set SUNSEO_FLOWS_FILE to the sequencer's (npm run dev uses examples/flows.yaml)", 2, "INVALID_CONFIG");
  }
  try {
    return loadCatalog(path, env);
  } catch (err) {
    if (err instanceof CatalogError) throw new CliError(`invalid flow catalog ${path}: ${err.problems.join("; ")}`, 2, err.code, err.problems);
    throw err;
  }
}
