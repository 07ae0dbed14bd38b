// `@mcp-connectors/oauth-server/redis`: the token store on Redis (shared by replicas) and the one connection
// to Redis that `@mcp-connectors/serve` shares with its rate limits and caches. `@redis/client` is loaded on
// the first connection, never by importing this entry.
export {
  connectRedis,
  type RedisCommands,
  type RedisConnection,
  type RedisConnectionOptions,
  within,
} from "./redis-connection.js";
export { createRedisTokenStore, type RedisTokenStoreOptions, redisTokenStore } from "./redis-token-store.js";
