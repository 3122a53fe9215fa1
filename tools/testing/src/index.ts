export { testContext, type TestContext } from "./test-context.js";
export { eventually } from "./eventually.js";
export { startServiceProcess, type ServiceProcess } from "./service-process.js";
export { startTcpProxy, ProxyListenError, type TcpProxy, type TcpProxyOptions, type StallDirection } from "./tcp-proxy.js";
export { startHttpFaultProxy, type HttpFaultProxy, type HttpFaultProxyOptions, type HttpFaultMode } from "./http-fault-proxy.js";
export {
  freePort,
  startSecureKafkaBroker,
  createCertificateAuthority,
  startRedisCluster,
  type SecureKafkaBroker,
  type SaslUser,
  type RedisCluster,
} from "@sunseo/infra";
export { startPrivateRedis, isReady } from "./private-redis.js";
export { checkRedisLoss, startOnEvictingRedis, type RedisLossCheck } from "./redis-loss.js";
