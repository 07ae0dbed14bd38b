export interface RedisCommands {
  set(key: string, value: string, options: { expiration: { type: "EX"; value: number } }): Promise<unknown>;
  get(key: string): Promise<string | null>;
  getDel(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** One connection to Redis, shared by the token store, the rate limits and the caches of a server. */
export interface RedisConnection {
  commands: RedisCommands;
  /** True while connected; false while the client reconnects after losing Redis. */
  isReady(): boolean;
  /** Resolves when Redis answers PING within `timeoutMs`, rejects otherwise. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` for TLS (`REDIS_URL`). */
  url: string;
  /** Told about connection errors (the client reconnects by itself); the URL is never passed on. */
  onError?: (message: string) => void;
}

interface RedisClient extends RedisCommands {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  ping(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

// A computed name keeps bundlers from inlining the client: the apps' single-file bins stay lean, and the
// package is needed only where REDIS_URL is used.
const CLIENT_PACKAGE = ["@redis", "client"].join("/");

/** Rejects with `message` when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to Redis with the official client, `@redis/client` (node-redis's core, no dependencies of its own),
 * which must be installed. While the connection is down, commands fail at once instead of queueing (the
 * client's offline queue is off), so that a caller can fall back or refuse rather than hang.
 * @throws Error when the client package is missing or Redis cannot be reached at start
 */
export async function connectRedis(options: RedisConnectionOptions): Promise<RedisConnection> {
  let createClient: (options: {
    url: string;
    disableOfflineQueue: boolean;
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
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      // At start-up, fail fast so a wrong REDIS_URL is reported; once connected, keep reconnecting.
      reconnectStrategy: (retries) =>
        connected ? Math.min(100 * 2 ** retries, 2_000) : retries < 2 ? 200 : new Error("gave up connecting"),
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
  return {
    commands: client,
    isReady: () => client.isReady,
    ping: async (timeoutMs) => {
      await within(client.ping(), timeoutMs, `Redis did not answer PING within ${timeoutMs} ms`);
    },
    close: () => client.close(),
  };
}
