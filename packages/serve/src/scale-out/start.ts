import type { TokenStore } from "@mcp-connectors/oauth-server";
import { connectRedis, redisTokenStore } from "@mcp-connectors/oauth-server/redis";
import type { Logger } from "@mcp-connectors/tool-builder";
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
