import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSharedRateLimiter } from "../src/rate-limit.js";
import { connectRedis, type RedisConnection } from "../src/redis-connection.js";
import { createRedisTokenStore, redisTokenStore } from "../src/redis-token-store.js";
import type { TokenStore } from "../src/token-store.js";
import { type LocalRedis, redisUnavailable, startLocalRedis } from "./helpers/redis-server.js";

const unavailable = redisUnavailable();
if (unavailable) console.warn(`The Redis token store tests are skipped: ${unavailable}.`);
const suite = unavailable ? `the Redis token store (skipped: ${unavailable})` : "the Redis token store";

describe.skipIf(unavailable !== undefined)(suite, () => {
  let redis: LocalRedis;
  let store: TokenStore;
  const connections: RedisConnection[] = [];

  beforeAll(async () => {
    redis = await startLocalRedis();
    store = await createRedisTokenStore({
      url: redis.url,
      keyPrefix: `test-${randomBytes(4).toString("hex")}:`,
    });
  });
  afterAll(async () => {
    await store?.close?.();
    await Promise.all(connections.map((connection) => connection.close().catch(() => {})));
    await redis?.stop();
  });

  test("stores with a lifetime, takes a value once, and deletes", async () => {
    await store.set("code:1", "one", 60);
    expect(await store.get("code:1")).toBe("one");
    expect(await store.take("code:1")).toBe("one");
    expect(await store.take("code:1")).toBeUndefined();
    await store.set("short", "gone soon", 1);
    await store.set("kept", "x", 60);
    await store.delete("kept");
    expect(await store.get("kept")).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.get("short")).toBeUndefined();
  });

  test("a bounded group (the registered clients) refuses new members when full and frees room as they expire", async () => {
    expect(await store.setInGroup?.("clients", "client:1", "one", 1, 2)).toBe(true);
    expect(await store.setInGroup?.("clients", "client:2", "two", 60, 2)).toBe(true);
    expect(await store.setInGroup?.("clients", "client:3", "three", 60, 2)).toBe(false);
    expect(await store.get("client:3")).toBeUndefined();
    // A member already in the group is replaced, with its new lifetime, even when the group is full.
    expect(await store.setInGroup?.("clients", "client:2", "two again", 60, 2)).toBe(true);
    expect(await store.get("client:2")).toBe("two again");
    // Concurrent additions from several replicas cannot overshoot the bound.
    const racing = await Promise.all(
      [4, 5, 6, 7].map((n) => store.setInGroup?.("racing", `client:r${n}`, "x", 60, 2)),
    );
    expect(racing.filter(Boolean)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.get("client:1")).toBeUndefined();
    expect(await store.setInGroup?.("clients", "client:3", "three", 60, 2)).toBe(true);
  });

  test("an unreachable Redis is a start-up error that names REDIS_URL", async () => {
    await expect(createRedisTokenStore({ url: "redis://127.0.0.1:1" })).rejects.toThrow(/REDIS_URL/);
  });

  test("sign-in limits count one window for every replica", async () => {
    const [a, b] = await Promise.all([connectRedis({ url: redis.url }), connectRedis({ url: redis.url })]);
    connections.push(a, b);
    const limit = { max: 2, windowSeconds: 60 };
    const limiters = [a, b].map((connection) =>
      createSharedRateLimiter("register", limit, {
        countInWindow: (key, seconds) =>
          redisTokenStore(connection.commands).countInWindow?.(key, seconds) ??
          Promise.reject(new Error("the Redis store counts windows")),
      }),
    );
    const waits = [];
    for (const limiter of [...limiters, ...limiters]) waits.push(await limiter.take("203.0.113.7"));
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    expect(waits[2]).toBeGreaterThan(0);
    expect(waits[2]).toBeLessThanOrEqual(60);
    // Another address has a window of its own.
    expect(await limiters[1]?.take("203.0.113.8")).toBe(0);
  });
});
