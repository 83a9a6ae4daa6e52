export { MemoryScanStore } from "./memory.js";
export { RedisScanStore } from "./redis.js";
