export { createRedis, type RedisOptions } from "./client.js";
export { readLuaScripts, type LuaScript } from "./lua.js";
export type { Redis } from "ioredis";
