import type { TokenStore } from "./token-store.js";

/** The commands the store uses, as node-redis (`@redis/client` 6) offers them. */
export interface RedisCommands {
  set(key: string, value: string, options: { expiration: { type: "EX"; value: number } }): Promise<unknown>;
  get(key: string): Promise<string | null>;
  getDel(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

interface RedisClient extends RedisCommands {
  connect(): Promise<unknown>;
  close(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

export interface RedisTokenStoreOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` for TLS (`REDIS_URL`). */
  url: string;
  /** Prefixed to every key, so servers can share one Redis (default `mcp-oauth:`). */
  keyPrefix?: string;
  /** Told about connection errors (the client reconnects by itself); the URL is never passed on. */
  onError?: (message: string) => void;
}

// A computed name keeps bundlers from inlining the client: the apps' single-file bins stay lean, and the
// package is needed only where REDIS_URL is used.
const CLIENT_PACKAGE = ["@redis", "client"].join("/");

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

const ttlOf = (seconds: number) => Math.max(1, Math.ceil(seconds));

/** A token store over an existing client's commands; the caller owns (and closes) the client. */
export function redisTokenStore(client: RedisCommands, keyPrefix = "mcp-oauth:"): TokenStore {
  return {
    async set(key, value, ttlSeconds) {
      await client.set(keyPrefix + key, value, { expiration: { type: "EX", value: ttlOf(ttlSeconds) } });
    },
    async get(key) {
      return (await client.get(keyPrefix + key)) ?? undefined;
    },
    async take(key) {
      return (await client.getDel(keyPrefix + key)) ?? undefined;
    },
    async delete(key) {
      await client.del(keyPrefix + key);
    },
    async setInGroup(group, key, value, ttlSeconds, max) {
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
    },
  };
}

/**
 * A token store in Redis, so that several replicas behind a load balancer share sign-ins. Uses the official
 * client, `@redis/client` (node-redis's core, no dependencies of its own), which must be installed.
 * @throws Error when the client package is missing or Redis cannot be reached
 */
export async function createRedisTokenStore(options: RedisTokenStoreOptions): Promise<TokenStore> {
  let createClient: (options: {
    url: string;
    socket: { connectTimeout: number; reconnectStrategy: (retries: number) => number | Error };
  }) => RedisClient;
  try {
    ({ createClient } = (await import(CLIENT_PACKAGE)) as { createClient: typeof createClient });
  } catch {
    throw new Error(
      "REDIS_URL is set, but the Redis client is not installed: add it next to the server with `npm install @redis/client`.",
    );
  }
  let connected = false;
  const client = createClient({
    url: options.url,
    socket: {
      connectTimeout: 5_000,
      // At start-up, fail fast so a wrong REDIS_URL is reported; once connected, keep reconnecting.
      reconnectStrategy: (retries) =>
        connected ? Math.min(100 * 2 ** retries, 5_000) : retries < 2 ? 200 : new Error("gave up connecting"),
    },
  });
  client.on("error", (error) => options.onError?.(`Redis connection error: ${error.message}`));
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    throw new Error(
      `Could not connect to Redis at REDIS_URL (${(error as Error).message}); check that it runs and the URL is right.`,
    );
  }
  return { ...redisTokenStore(client, options.keyPrefix), close: () => client.close() };
}
