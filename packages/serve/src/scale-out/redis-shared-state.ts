import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type RedisConnection, within } from "@mcp-connectors/oauth-server/redis";
import type { Logger } from "@mcp-connectors/tool-builder";
import { GCRA_SCRIPT, localGcra } from "./gcra.js";
import type { RequestLimiter, SharedCache, SharedState, UpstreamLimit } from "./types.js";

/** How long a limiter or cache waits for Redis before it treats it as unreachable. */
const REDIS_ANSWER_MS = 1_000;

/**
 * Requests are spaced a fifth more than the limit needs: each reaches the API a varying few milliseconds
 * after its turn (more on a busy replica), and the API counts arrivals.
 */
const SPACING_MARGIN = 1.2;

/** The longest a request waits for its turn; beyond it the limiter refuses, as the API would. */
const LONGEST_WAIT_MS = 5 * 60_000;

const KEY_PREFIX = "mcp-shared:";

const digestOf = (credential: string) => createHash("sha256").update(credential).digest("base64url");

/**
 * Per-credential state in Redis for a server's replicas (see {@link SharedState}). Limits use GCRA in one Lua
 * script over the project's Redis client (node-redis), spacing requests evenly, with no burst: any window of
 * the limit's length then holds at most `max`. While Redis is unreachable each limiter spaces its process's
 * requests `replicas` times as far apart, and the log says so once per outage.
 */
export function createRedisSharedState(redis: RedisConnection, replicas: number, log: Logger): SharedState {
  let degraded = false;
  const unreachable = (error: unknown) => {
    if (degraded) return;
    degraded = true;
    log.warn(
      `Redis is unreachable, so each replica now limits upstream requests on its own, to the API's limit divided by MCP_REPLICAS (${replicas}); sign-in is refused until Redis answers`,
      { error: error instanceof Error ? error.message : String(error) },
    );
  };
  const reachable = () => {
    if (!degraded) return;
    degraded = false;
    log.info("Redis answers again: upstream rate limits are shared by the replicas again");
  };

  return {
    replicas,
    limiter(scope, credential, limit: UpstreamLimit): RequestLimiter {
      const key = `${KEY_PREFIX}${scope}:limit:${digestOf(credential)}`;
      const intervalMs = Math.ceil(((limit.windowSeconds * 1000) / limit.max) * SPACING_MARGIN);
      const local = localGcra(intervalMs * replicas);
      const sharedWait = async () =>
        Number(
          await within(
            redis.commands.eval(GCRA_SCRIPT, {
              keys: [key],
              arguments: [String(intervalMs), String(LONGEST_WAIT_MS)],
            }),
            REDIS_ANSWER_MS,
            `Redis did not answer within ${REDIS_ANSWER_MS} ms`,
          ),
        );
      return {
        async acquire(signal) {
          signal?.throwIfAborted();
          let wait: number;
          try {
            wait = await sharedWait();
            reachable();
          } catch (error) {
            unreachable(error);
            wait = local();
          }
          if (wait < 0)
            throw new Error(
              `More requests are waiting for this ${scope} credential than its limit lets through in ${LONGEST_WAIT_MS / 60_000} minutes; try again later.`,
            );
          if (wait > 0)
            await sleep(wait, undefined, { signal }).catch((error: unknown) => {
              throw signal?.aborted ? signal.reason : error;
            });
          return wait > 0;
        },
      };
    },
    cache(scope, credential): SharedCache {
      const prefix = `${KEY_PREFIX}${scope}:cache:${digestOf(credential)}:`;
      return {
        async get(key) {
          try {
            const value = await within(redis.commands.get(prefix + key), REDIS_ANSWER_MS, "Redis timed out");
            return value ?? undefined;
          } catch {
            return undefined;
          }
        },
        async set(key, value, ttlSeconds) {
          await within(
            redis.commands.set(prefix + key, value, {
              expiration: { type: "EX", value: Math.max(1, Math.ceil(ttlSeconds)) },
            }),
            REDIS_ANSWER_MS,
            "Redis timed out",
          ).catch(() => {});
        },
      };
    },
  };
}
