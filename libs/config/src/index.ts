export { ConfigError, loadConfig } from "./load-config.js";
export { brokersEnv, durationEnv, intEnv, logEnv, kafkaEnv, redisEnv, httpEnv } from "./env.js";
export { parseDuration } from "./duration.js";
export { parseRedisUrl, redactRedisUrl, type RedisNode, type RedisTarget } from "./redis-url.js";
