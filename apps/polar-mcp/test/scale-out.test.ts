// What a team runs: Redis, three replicas of the built server and a round-robin proxy in front, all on
// loopback, against the fake Polar API. Each request brings its own token; the replicas share each token's
// rate limit through Redis, and fall back to a share each when Redis goes.
import { fileURLToPath } from "node:url";
import type { RecordedRequest } from "@mcp-connectors/polar-metrics/testing";
import {
  type LocalRedis,
  MCP_POST_HEADERS,
  mostWithin,
  type ReplicaSet,
  redisServerMissing,
  startForkedFake,
  startHttpServerProcess,
  startLocalRedis,
  startReplicaSet,
} from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

const REPLICAS = 3;
/** Low, so that the test is short: 10 requests a second. */
const LIMIT_PER_MINUTE = 600;
const CALLS = 60;
const redisMissing = redisServerMissing("scale-out.test.ts");

type Arrival = Pick<RecordedRequest, "path" | "status" | "authorization" | "at">;

/** The fake API in a process of its own (test/fixtures/fake-process.mjs), so that its arrival times are true. */
const startFakeProcess = () =>
  startForkedFake<{ url: string; token: string }, Arrival>(
    fileURLToPath(new URL("./fixtures/fake-process.mjs", import.meta.url)),
  );

describe.skipIf(redisMissing)("three replicas behind a load balancer", () => {
  let redis: LocalRedis;
  let fake: Awaited<ReturnType<typeof startFakeProcess>>;
  let set: ReplicaSet;

  /** One tools/call with the fake's token, to `url`'s /mcp; fails the test if it takes over 10 s. */
  const readLimits = async (url: string) => {
    const response = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { ...MCP_POST_HEADERS, authorization: `Bearer ${fake.token}` },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "get_metrics_limits", arguments: {} },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: await response.text() };
  };
  const succeeded = ({ status, body }: { status: number; body: string }) =>
    status === 200 && body.includes("min_date") && !body.includes('"isError":true');

  beforeAll(async () => {
    [redis, fake] = await Promise.all([startLocalRedis(), startFakeProcess()]);
    const env = {
      ...CLEAN_ENV,
      POLAR_API_BASE_URL: fake.url,
      POLAR_MAX_REQUESTS_PER_MINUTE: String(LIMIT_PER_MINUTE),
      REDIS_URL: redis.url,
      MCP_REPLICAS: String(REPLICAS),
    };
    set = await startReplicaSet(REPLICAS, () => startHttpServerProcess({ script: BIN, env }));
  }, 30_000);

  afterAll(async () => {
    await set?.stop();
    await redis?.stop();
    fake?.close();
  });

  it(`${CALLS} calls with one token over the three replicas reach Polar at no more than ${LIMIT_PER_MINUTE} a minute`, async () => {
    // Every replica serves a call first, as replicas in service have.
    const warmUp = await Promise.all(set.replicas.map((replica) => readLimits(replica.url)));
    expect(warmUp.filter((answer) => !succeeded(answer))).toEqual([]);
    const from = (await fake.requests()).length;
    const answers = await Promise.all(Array.from({ length: CALLS }, () => readLimits(set.proxy.url)));
    expect(answers.filter((answer) => !succeeded(answer))).toEqual([]);
    const served = new Set(set.proxy.log.slice(-CALLS).map((entry) => entry.backend));
    expect(served, "replicas that served the calls").toEqual(new Set([0, 1, 2]));

    const arrivals = (await fake.requests()).slice(from);
    expect(arrivals.filter((request) => request.path !== "/v1/metrics/limits")).toEqual([]);
    expect(arrivals.filter((request) => request.authorization !== "valid")).toEqual([]);
    expect(arrivals.length).toBe(CALLS);
    const times = arrivals.map((request) => request.at);
    const seconds = ((times.at(-1) as number) - (times[0] as number)) / 1000;
    expect((CALLS - 1) / seconds).toBeLessThanOrEqual(LIMIT_PER_MINUTE / 60);
    // The replicas space the token's requests evenly, 120 ms apart (a fifth more than the limit needs), so no
    // second holds more than a sixtieth of the minute's limit plus a margin for a replica descheduled on this
    // busy machine; without the shared limit each replica's own burst puts the first 60 into one second.
    const gaps = times.slice(1).map((time, index) => Math.round(time - (times[index] as number)));
    expect(mostWithin(times, 1000), `ms between arrivals: ${gaps.join(" ")}`).toBeLessThanOrEqual(
      (LIMIT_PER_MINUTE / 60) * 1.2,
    );
  }, 20_000);

  it("with Redis stopped, no call hangs and /readyz turns not ready", async () => {
    const ready = async (url: string) => (await fetch(`${url}/readyz`)).status;
    expect(await ready(set.proxy.url)).toBe(200);
    await redis.stop();
    for (const replica of set.replicas) {
      await expect.poll(() => ready(replica.url), { timeout: 5_000 }).toBe(503);
      expect((await fetch(`${replica.url}/healthz`)).status).toBe(200);
    }
    // Each replica keeps serving within its share of the limit, whether reached directly or through the proxy.
    const answers = await Promise.all([
      ...set.replicas.map((replica) => readLimits(replica.url)),
      ...Array.from({ length: REPLICAS }, () => readLimits(set.proxy.url)),
    ]);
    expect(answers.filter((answer) => !succeeded(answer))).toEqual([]);
    for (const replica of set.replicas) {
      expect(replica.stderr()).toMatch(
        /Redis is unreachable, so each replica now limits upstream requests on its own/,
      );
      expect(replica.stderr()).not.toContain(fake.token);
    }
  }, 20_000);
});
