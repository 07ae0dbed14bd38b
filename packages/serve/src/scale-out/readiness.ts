import type { ServerResponse } from "node:http";
import { sendJson } from "@mcp-connectors/oauth-server/http";
import type { RedisConnection } from "@mcp-connectors/oauth-server/redis";

/** Whether a replica should get traffic, and if not, why (for `/readyz`). */
export interface Readiness {
  ready: boolean;
  reason?: string;
}

const PING_MS = 1_000;

/**
 * The readiness check of a server whose state lives in Redis: ready while Redis answers PING within a second.
 * A replica without Redis would refuse sign-ins and share no limits, so the balancer should send its traffic
 * elsewhere; the process itself is fine (`/healthz` stays 200), so it is not restarted.
 */
export function redisReadiness(redis: RedisConnection): () => Promise<Readiness> {
  return async () => {
    try {
      if (!redis.isReady()) throw new Error("the connection is down and reconnecting");
      await redis.ping(PING_MS);
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `Redis does not answer (${(error as Error).message}).` };
    }
  };
}

/** Answers `/readyz`: 200 when ready, else 503 with the reason. */
export async function sendReadiness(
  res: ServerResponse,
  check: Readiness | (() => Promise<Readiness>) | undefined,
): Promise<void> {
  const readiness = typeof check === "function" ? await check() : (check ?? { ready: true });
  if (readiness.ready) sendJson(res, 200, { status: "ready" });
  else sendJson(res, 503, { status: "not ready", reason: readiness.reason });
}

export const SSE_NEEDS_ONE_REPLICA =
  "Legacy SSE is off because this server runs as several replicas (MCP_REPLICAS): an SSE session lives in one process, and its messages would reach the others. Connect with Streamable HTTP at /mcp instead.";
