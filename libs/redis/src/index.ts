export { createRedis, type Redis, type RedisOptions } from "./client.js";
export { readLuaScripts, type LuaScript } from "./lua.js";
export { assertNoEviction } from "./eviction.js";
export { openEpoch, acceptLoss, type OpenEpochOptions } from "./epoch.js";
export { epochCheck, EpochCheck } from "./epoch-check.js";
export { watchEpoch, type EpochWatch, type WatchEpochOptions } from "./epoch-watch.js";
export { guardRedis, type RedisGuard } from "./guard.js";
export { RedisDataLostError, RedisEvictionPolicyError, type RedisDataLossReason } from "./errors.js";
