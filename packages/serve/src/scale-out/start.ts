import type { Logger } from "../logger.js";
import { redisTokenStore } from "../oauth/redis-token-store.js";
import type { TokenStore } from "../oauth/token-store.js";
import { connectRedis } from "../redis-connection.js";
import { type Readiness, redisReadiness } from "./readiness.js";
import { createRedisSharedState } from "./redis-shared-state.js";
import type { SharedState } from "./types.js";

/** What a server run over HTTP with `REDIS_URL` shares with its replicas, over one Redis connection. */
export interface ScaleOut {
  shared: SharedState;
  /** The sign-in store (`--oauth`). */
  tokenStore: TokenStore;
  readiness: () => Promise<Readiness>;
  close(): Promise<void>;
}

/** Connects to Redis; a start with an unreachable Redis fails, naming REDIS_URL. */
export async function startScaleOut(url: string, replicas: number, log: Logger): Promise<ScaleOut> {
  const redis = await connectRedis({ url, onError: (message) => log.warn(message) });
  return {
    shared: createRedisSharedState(redis, replicas, log),
    tokenStore: redisTokenStore(redis.commands),
    readiness: redisReadiness(redis),
    close: () => redis.close(),
  };
}
