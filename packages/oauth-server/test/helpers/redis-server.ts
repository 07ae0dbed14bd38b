import { spawnSync } from "node:child_process";

export { type LocalRedis, startLocalRedis } from "@mcp-connectors/test-kit";

/**
 * Why the Redis-backed tests cannot run on this machine, or `undefined` when they can. Under CI they always
 * run (and fail without `redis-server`); elsewhere a missing `redis-server` skips them, saying so.
 */
export function redisUnavailable(): string | undefined {
  if (process.env.CI || !spawnSync("redis-server", ["--version"]).error) return undefined;
  return "redis-server is not installed (Debian: apt-get install -y redis-server; macOS: brew install redis); CI always runs them";
}
