import { connectRedis, type RedisCommands, type RedisConnectionOptions, within } from "./redis-connection.js";

export type { RedisCommands } from "./redis-connection.js";

import { StoreUnavailableError, type TokenStore } from "./token-store.js";

/** The commands the store uses, as node-redis (`@redis/client` 6) offers them. */

export interface RedisTokenStoreOptions extends RedisConnectionOptions {
  /** Prefixed to every key, so servers can share one Redis (default `mcp-oauth:`). */
  keyPrefix?: string;
}

/**
 * `setInGroup` in one step, so that replicas registering at once cannot overshoot the bound. The group is a
 * sorted set of its members' keys scored by expiry time (ms): expired members are dropped before counting.
 * KEYS: group, key; ARGV: now (ms), expiry (ms), ttl (s), max, value.
 */
const SET_IN_GROUP = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], KEYS[2]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], KEYS[2])
redis.call('PEXPIREAT', KEYS[1], redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[3])
return 1
`;

/**
 * The fixed-window counter from Redis's own INCR documentation, in one step: the first request of a window
 * sets its expiry. KEYS: counter; ARGV: window (ms). Returns the count and the milliseconds left.
 */
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`;

/** How long a command may take before Redis counts as unreachable. */
const ANSWER_MS = 2_000;

/** Runs a command; any failure (Redis down, or silent for two seconds) fails the sign-in closed. */
async function attempt<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await within(command(), ANSWER_MS, `Redis did not answer within ${ANSWER_MS} ms`);
  } catch (error) {
    throw new StoreUnavailableError(error);
  }
}

const ttlOf = (seconds: number) => Math.max(1, Math.ceil(seconds));

/** A token store over an existing client's commands; the caller owns (and closes) the client. */
export function redisTokenStore(client: RedisCommands, keyPrefix = "mcp-oauth:"): TokenStore {
  return {
    set: (key, value, ttlSeconds) =>
      attempt(async () => {
        await client.set(keyPrefix + key, value, { expiration: { type: "EX", value: ttlOf(ttlSeconds) } });
      }),
    get: (key) => attempt(async () => (await client.get(keyPrefix + key)) ?? undefined),
    take: (key) => attempt(async () => (await client.getDel(keyPrefix + key)) ?? undefined),
    delete: (key) =>
      attempt(async () => {
        await client.del(keyPrefix + key);
      }),
    setInGroup: (group, key, value, ttlSeconds, max) =>
      attempt(async () => {
        const now = Date.now();
        const added = await client.eval(SET_IN_GROUP, {
          keys: [`${keyPrefix}group:${group}`, keyPrefix + key],
          arguments: [
            String(now),
            String(now + ttlOf(ttlSeconds) * 1000),
            String(ttlOf(ttlSeconds)),
            String(max),
            value,
          ],
        });
        return Number(added) === 1;
      }),
    countInWindow: (key, windowSeconds) =>
      attempt(async () => {
        const [count, msLeft] = (await client.eval(COUNT_IN_WINDOW, {
          keys: [`${keyPrefix}window:${key}`],
          arguments: [String(Math.round(windowSeconds * 1000))],
        })) as [number, number];
        return { count: Number(count), secondsLeft: Math.max(1, Math.ceil(Number(msLeft) / 1000)) };
      }),
  };
}

/**
 * A token store in Redis, so that several replicas behind a load balancer share sign-ins, over a connection
 * of its own (see {@link connectRedis}); `close` closes it.
 * @throws Error when the client package is missing or Redis cannot be reached
 */
export async function createRedisTokenStore(options: RedisTokenStoreOptions): Promise<TokenStore> {
  const connection = await connectRedis(options);
  return { ...redisTokenStore(connection.commands, options.keyPrefix), close: () => connection.close() };
}
