import { createHash } from "node:crypto";
import { connectRedis, type RedisConnection } from "@mcp-connectors/oauth-server/redis";
import { createLogger, createRedactor } from "@mcp-connectors/tool-builder";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GCRA_SCRIPT, localGcra } from "../src/scale-out/gcra.js";
import { createRedisSharedState } from "../src/scale-out/redis-shared-state.js";
import { type LocalRedis, startLocalRedis } from "./helpers/redis-server.js";

const CREDENTIAL = "fake-intervals-key-for-shared-state";

describe("state shared by replicas through Redis", () => {
  let redis: LocalRedis;
  const connections: RedisConnection[] = [];
  const lines: string[] = [];
  const log = createLogger({ name: "test", redact: createRedactor([]), write: (line) => lines.push(line) });
  const connect = async () => {
    const connection = await connectRedis({ url: redis.url });
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    redis = await startLocalRedis();
  });
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close().catch(() => {})));
    await redis?.stop();
  });

  test("three replicas' requests for one key take turns from one schedule in Redis", async () => {
    const replicas = await Promise.all([connect(), connect(), connect()]);
    const waits: number[] = [];
    for (const replica of replicas) {
      waits.push(
        Number(await replica.commands.eval(GCRA_SCRIPT, { keys: ["schedule"], arguments: ["120", "60000"] })),
      );
    }
    // Each request's turn is one interval after the one before, whichever connection asked (less the few
    // milliseconds between the asks).
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThan(120 - 50);
    expect(waits[1]).toBeLessThanOrEqual(120);
    expect(waits[2]).toBeGreaterThan(240 - 50);
    expect(waits[2]).toBeLessThanOrEqual(240);
  });

  test("a wait longer than allowed reserves nothing", async () => {
    const [replica] = await Promise.all([connect()]);
    const ask = () =>
      replica?.commands.eval(GCRA_SCRIPT, { keys: ["short"], arguments: ["1000", "1500"] }).then(Number);
    const waits = [await ask(), await ask(), await ask(), await ask()];
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThan(900);
    expect(waits.slice(2)).toEqual([-1, -1]);
  });

  test("limits and caches are kept under a digest of the credential, never the credential", async () => {
    const connection = await connect();
    const shared = createRedisSharedState(connection, 1, log);
    await shared.limiter("intervals", CREDENTIAL, { max: 10, windowSeconds: 1 }).acquire();
    const cache = shared.cache("intervals", CREDENTIAL);
    await cache.set("timezone:0", "Europe/Oslo", 60);
    expect(await cache.get("timezone:0")).toBe("Europe/Oslo");
    expect(await shared.cache("intervals", "another-fake-key").get("timezone:0")).toBeUndefined();
    const keys = (await connection.commands.eval("return redis.call('KEYS', '*')", {
      keys: [],
      arguments: [],
    })) as string[];
    const digest = createHash("sha256").update(CREDENTIAL).digest("base64url");
    expect(keys.filter((key) => key.startsWith("mcp-shared:")).sort()).toEqual([
      `mcp-shared:intervals:cache:${digest}:timezone:0`,
      `mcp-shared:intervals:limit:${digest}`,
    ]);
    const ttl = await connection.commands.eval("return redis.call('TTL', KEYS[1])", {
      keys: [`mcp-shared:intervals:cache:${digest}:timezone:0`],
      arguments: [],
    });
    expect(Number(ttl)).toBeGreaterThan(50);
  });

  test("a limiter says whether the request waited for its turn", async () => {
    const shared = createRedisSharedState(await connect(), 1, log);
    const limiter = shared.limiter("polar", "says-whether-it-waited", { max: 5, windowSeconds: 1 });
    // 5 a second: one request at once, the next waits about 200 ms for its turn.
    expect(await limiter.acquire()).toBe(false);
    expect(await limiter.acquire()).toBe(true);
  });

  test("with Redis gone, a limiter falls back to its share at once and the log says so once", async () => {
    const connection = await connect();
    const shared = createRedisSharedState(connection, 3, log);
    const limiter = shared.limiter("polar", CREDENTIAL, { max: 600, windowSeconds: 60 });
    await limiter.acquire();
    await redis.stop();
    await expect.poll(() => connection.isReady()).toBe(false);
    const started = performance.now();
    await limiter.acquire();
    await limiter.acquire();
    // The second waits its turn in this process: 60 s / 600 × 1.2 × 3 replicas = 360 ms.
    expect(performance.now() - started).toBeGreaterThan(300);
    expect(lines.filter((line) => line.includes("Redis is unreachable"))).toHaveLength(1);
    expect(await shared.cache("polar", CREDENTIAL).get("anything")).toBeUndefined();
    await shared.cache("polar", CREDENTIAL).set("anything", "kept nowhere", 60);
  });
});

describe("the schedule in memory", () => {
  test("spaces requests one interval apart from the first free turn", () => {
    let now = 1_000;
    const take = localGcra(100, () => now);
    expect([take(), take(), take()]).toEqual([0, 100, 200]);
    now += 1_000;
    expect(take()).toBe(0);
  });
});
