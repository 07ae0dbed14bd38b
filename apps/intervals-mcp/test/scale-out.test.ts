// What a team runs: Redis, three replicas of the built server and a round-robin proxy in front, all on
// loopback, against the fake Intervals.icu API. The replicas sign users in with OAuth and share everything
// through Redis; a fourth server takes keys in the x-intervals-api-key header, to show the limits' fallback.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Fault, RecordedRequest } from "@mcp-connectors/intervals-icu/testing";
import {
  browse,
  type HttpServerProcess,
  type LocalRedis,
  mostWithin,
  type ReplicaSet,
  redisServerMissing,
  signInWithSdk,
  startForkedFake,
  startHttpServerProcess,
  startLocalRedis,
  startReplicaSet,
} from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

const REPLICAS = 3;
const redisMissing = redisServerMissing("scale-out.test.ts");

type Arrival = Pick<RecordedRequest, "route" | "path" | "at">;
interface FakeInfo {
  url: string;
  apiKey: string;
  athleteId: string;
  oauth: { clientId: string; clientSecret: string };
}

/** The fake API in a process of its own (test/fixtures/fake-process.mjs), so that its arrival times are true. */
const startFakeProcess = () =>
  startForkedFake<FakeInfo, Arrival, Fault>(
    fileURLToPath(new URL("./fixtures/fake-process.mjs", import.meta.url)),
  );

describe.skipIf(redisMissing)("three replicas behind a load balancer", () => {
  let redis: LocalRedis;
  let fake: Awaited<ReturnType<typeof startFakeProcess>>;
  let set: ReplicaSet;
  let proxy: ReplicaSet["proxy"];
  let backends: string[];
  let replicas: HttpServerProcess[];
  let keyServer: HttpServerProcess;
  let signedIn: Awaited<ReturnType<typeof signInWithSdk>>;

  beforeAll(async () => {
    redis = await startLocalRedis();
    fake = await startFakeProcess();
    const env = envFor(undefined, {
      INTERVALS_API_BASE_URL: fake.url,
      REDIS_URL: redis.url,
      MCP_REPLICAS: String(REPLICAS),
      // On SIGTERM, a second of not ready (the proxy checks every 100 ms) before the listener closes.
      MCP_SHUTDOWN_DELAY_SECONDS: "1",
    });
    // The replicas' public URL is the proxy's; they share one encryption key.
    const encryptionKey = randomBytes(32).toString("base64");
    const oauthEnv = (publicUrl: string) => ({
      ...env,
      PUBLIC_URL: publicUrl,
      MCP_TRUST_PROXY: "true",
      OAUTH_UPSTREAM_CLIENT_ID: fake.oauth.clientId,
      OAUTH_UPSTREAM_CLIENT_SECRET: fake.oauth.clientSecret,
      TOKEN_ENCRYPTION_KEY: encryptionKey,
    });
    [set, keyServer] = await Promise.all([
      startReplicaSet(REPLICAS, (publicUrl) =>
        startHttpServerProcess({ script: BIN, args: ["--oauth"], env: oauthEnv(publicUrl) }),
      ),
      startHttpServerProcess({ script: BIN, env }),
    ]);
    ({ proxy, backends, replicas } = set);
  }, 30_000);

  afterAll(async () => {
    await signedIn?.client.close();
    await Promise.all([set?.stop(), keyServer?.stop()]);
    await redis?.stop();
    fake?.close();
  });

  it("a sign-in started on one replica completes on another and refreshes on the third", async () => {
    // Pin each step of the flow to a replica: start on 0, the provider's callback and the code exchange on 1,
    // the refresh on 2; everything else takes turns.
    let tokenRequests = 0;
    proxy.route = (req, turn) => {
      const path = new URL(req.url ?? "/", "http://proxy").pathname;
      if (path === "/register" || path === "/authorize" || path === "/oauth/consent") return 0;
      if (path === "/oauth/callback") return 1;
      if (path === "/token") return tokenRequests++ === 0 ? 1 : 2;
      return turn % REPLICAS;
    };
    signedIn = await signInWithSdk(proxy.url, (url, redirectUri, onResponse) =>
      browse(url, redirectUri, { fill: { athlete: fake.athleteId }, onResponse }),
    );
    const answeredBy = (path: string) =>
      proxy.log
        .filter((entry) => entry.path.split("?")[0] === path)
        .map((entry) => [entry.backend, entry.status]);
    expect(answeredBy("/register")).toEqual([[0, 201]]);
    expect(answeredBy("/authorize")).toEqual([[0, 200]]);
    expect(answeredBy("/oauth/callback")).toEqual([[1, 302]]);
    expect(answeredBy("/token")).toEqual([[1, 200]]);

    const clientId = signedIn.provider.clientInformation()?.client_id ?? "";
    const refreshed = await fetch(`${proxy.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: signedIn.tokens.refresh_token ?? "",
        client_id: clientId,
      }),
    });
    expect(refreshed.status).toBe(200);
    expect(answeredBy("/token")).toEqual([
      [1, 200],
      [2, 200],
    ]);
    const { access_token: accessToken } = (await refreshed.json()) as { access_token: string };
    expect(accessToken).not.toBe(signedIn.tokens.access_token);
    // The refreshed token works on every replica.
    proxy.route = (_req, turn) => turn % backends.length;
    for (let replica = 0; replica < REPLICAS; replica++) {
      const response = await fetch(`${replicas[replica]?.url}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${accessToken}`,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "get_athlete" },
        }),
      });
      expect(await response.text()).toContain(fake.athleteId);
    }
  });

  it("100 calls with one Intervals key over the three replicas reach the API at no more than 10 per second", async () => {
    // Every replica has served a call already (above), as replicas in service have. One more call fetches the
    // athlete's time zone and keeps it in Redis: the other replicas read it there.
    expect((await call(signedIn.client, "get_activities", { limit: 5 })).isError).toBe(false);
    const from = (await fake.requests()).length;
    const results = await Promise.all(
      Array.from({ length: 100 }, () => call(signedIn.client, "get_activities", { limit: 5 })),
    );
    expect(results.filter((result) => result.isError)).toEqual([]);
    const served = new Set(proxy.log.slice(-100).map((entry) => entry.backend));
    expect(served, "replicas that served the 100 calls").toEqual(new Set([0, 1, 2]));
    const arrivals = (await fake.requests())
      .slice(from)
      .filter((request) => request.path.startsWith("/api/v1/"));
    expect(arrivals.filter((request) => request.route === "getAthlete")).toEqual([]);
    expect(arrivals.map((request) => request.route).filter((route) => route !== "listActivities")).toEqual(
      [],
    );
    expect(arrivals.length).toBe(100);
    const times = arrivals.map((request) => request.at);
    const seconds = ((times.at(-1) as number) - (times[0] as number)) / 1000;
    expect(99 / seconds).toBeLessThanOrEqual(10);
    // Each key's requests are spaced 120 ms apart whichever replica sends them (10 a second, plus a fifth for
    // the way to the API). The bound allows for a replica on this shared, busy machine being descheduled for
    // a few hundred milliseconds between its turn and its request; without the shared limit, 100 calls over
    // three replicas put 52 requests into one second.
    const gaps = times.slice(1).map((time, index) => Math.round(time - (times[index] as number)));
    expect(mostWithin(times, 1000), `ms between arrivals: ${gaps.join(" ")}`).toBeLessThanOrEqual(12);
  }, 40_000);

  it("SIGTERM of one replica loses no call that the proxy had sent it", async () => {
    fake.setFault({ route: "listActivities", type: "slow", delayMs: 1_500, times: 6 });
    const from = proxy.log.length;
    const calls = Array.from({ length: 6 }, () => call(signedIn.client, "get_activities", { limit: 3 }));
    // Wait until the replica to stop is working on a call (the fake holds each for 1.5 s), then stop it.
    const deadline = Date.now() + 10_000;
    const busy = () => proxy.log.slice(from).some((entry) => entry.backend === 1 && !entry.done);
    while (!busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(busy()).toBe(true);
    const stopping = replicas[1]?.stop();
    const afterwards = Array.from({ length: 3 }, () => call(signedIn.client, "get_athlete"));
    const results = await Promise.all([...calls, ...afterwards]);
    expect(await stopping).toBe(0);
    expect(results.filter((result) => result.isError).map((result) => result.text)).toEqual([]);
    const sentToStopped = proxy.log.slice(from).filter((entry) => entry.backend === 1);
    expect(sentToStopped.length).toBeGreaterThan(0);
    expect(sentToStopped.map((entry) => entry.status)).toEqual(sentToStopped.map(() => 200));
    backends.splice(1, 1);
    replicas.splice(1, 1);
  }, 30_000);

  it("refuses legacy SSE, which cannot span replicas, naming Streamable HTTP", async () => {
    const response = await fetch(`${keyServer.url}/sse`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/several replicas \(MCP_REPLICAS\).*Streamable HTTP at \/mcp/);
  });

  it("with Redis stopped, no call hangs: sign-in fails closed, limits fall back, /readyz turns not ready", async () => {
    const ready = async (url: string) => (await fetch(`${url}/readyz`)).status;
    expect(await ready(proxy.url)).toBe(200);
    await redis.stop();
    for (const server of [...replicas, keyServer]) {
      await expect.poll(() => ready(server.url), { timeout: 5_000 }).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    }
    const register = await fetch(`${proxy.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:9/cb"], token_endpoint_auth_method: "none" }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(register.status).toBe(503);
    expect(await register.json()).toMatchObject({
      error: "temporarily_unavailable",
      error_description: expect.stringMatching(/cannot reach its shared store \(Redis\); try again/),
    });
    const signedInCall = await fetch(`${proxy.url}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${signedIn.tokens.access_token}`,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_athlete" } }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(signedInCall.status).toBe(503);
    expect(await signedInCall.text()).toMatch(/Sign-in is unavailable/);

    // A server whose requests bring their own key keeps serving, within a limit of its own.
    const keyCalls = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${keyServer.url}/mcp`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "x-intervals-api-key": fake.apiKey,
          },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: { name: "get_activities", arguments: { limit: 2 } },
          }),
          signal: AbortSignal.timeout(10_000),
        }).then((response) => response.text()),
      ),
    );
    for (const text of keyCalls) expect(text).not.toContain('"isError":true');
    expect(keyServer.stderr()).toMatch(
      /Redis is unreachable, so each replica now limits upstream requests on its own/,
    );
    expect(keyServer.stderr()).not.toContain(fake.apiKey);
  }, 30_000);
});
