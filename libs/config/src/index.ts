export { ConfigError, loadConfig } from "./load-config.js";
export { brokersEnv, durationEnv, intEnv, listEnv, logEnv, kafkaEnv, redisEnv, httpEnv } from "./env.js";
export {
  checkKafkaSecurity,
  flagEnv,
  SASL_MECHANISMS,
  type KafkaSecurity,
  type KafkaSecurityConfig,
  type PemFile,
  type SaslMechanism,
} from "./kafka-security.js";
export { kafkaConnection, kafkaConnectionSchema, readKafkaConnection, type KafkaConnection } from "./kafka-connection.js";
export { parseDuration } from "./duration.js";
export { retentionEnv, topicsEnv, topicsEnvSchema } from "./topics-env.js";
export { parseRedisUrl, redactRedisUrl, type RedisNode, type RedisTarget } from "./redis-url.js";
