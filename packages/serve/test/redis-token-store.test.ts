import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRedisTokenStore } from "../src/oauth/redis-token-store.js";
import type { TokenStore } from "../src/oauth/token-store.js";
import { type FakeOAuthProvider, startFakeOAuthProvider } from "../src/testing/index.js";
import { fingerprint, signInWithSdk } from "./helpers/oauth-client.js";
import { type LocalRedis, redisUnavailable, startLocalRedis } from "./helpers/redis-server.js";
import { type SpawnedServer, spawnHttpServer } from "./helpers/spawn-server.js";

const OAUTH_FIXTURE = new URL("./fixtures/oauth-fixture-server.ts", import.meta.url).pathname;

const unavailable = redisUnavailable();
if (unavailable) console.warn(`The Redis token store tests are skipped: ${unavailable}.`);
const suite = unavailable ? `the Redis token store (skipped: ${unavailable})` : "the Redis token store";

describe.skipIf(unavailable !== undefined)(suite, () => {
  let redis: LocalRedis;
  let store: TokenStore;

  beforeAll(async () => {
    redis = await startLocalRedis();
    store = await createRedisTokenStore({
      url: redis.url,
      keyPrefix: `test-${randomBytes(4).toString("hex")}:`,
    });
  });
  afterAll(async () => {
    await store?.close?.();
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

  describe("two replicas share sign-ins through Redis", () => {
    let upstream: FakeOAuthProvider;
    const replicas: SpawnedServer[] = [];

    beforeAll(async () => {
      upstream = await startFakeOAuthProvider();
      const env = {
        FAKE_UPSTREAM_URL: upstream.url,
        OAUTH_UPSTREAM_CLIENT_ID: upstream.clientId,
        OAUTH_UPSTREAM_CLIENT_SECRET: upstream.clientSecret,
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        REDIS_URL: redis.url,
      };
      // Both answer for one public origin, as replicas behind a load balancer do.
      const first = await spawnHttpServer(OAUTH_FIXTURE, ["--oauth"], env);
      replicas.push(first);
      replicas.push(await spawnHttpServer(OAUTH_FIXTURE, ["--oauth"], { ...env, PUBLIC_URL: first.url }));
    });
    afterAll(async () => {
      for (const replica of replicas) expect(await replica.stop()).toBe(0);
      await upstream.close();
      for (const secret of upstream.issuedTokens())
        for (const replica of replicas) expect(replica.stderr()).not.toContain(secret);
    });

    test("a user signed in through one replica calls tools through the other", async () => {
      const [first, second] = replicas as [SpawnedServer, SpawnedServer];
      const { client, tokens } = await signInWithSdk(first.url, upstream, "heidi");
      await client.close();
      const response = await fetch(`${second.url}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "whoami", arguments: {} },
        }),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(fingerprint(upstream.accessTokenOf("heidi") ?? ""));
    });

    test("a rotated refresh token replayed at one replica ends the family at the other", async () => {
      const [first, second] = replicas as [SpawnedServer, SpawnedServer];
      const { client, tokens, provider } = await signInWithSdk(first.url, upstream, "judy");
      await client.close();
      const refresh = (replica: SpawnedServer, refreshToken: string | undefined) =>
        fetch(`${replica.url}/token`, {
          method: "POST",
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: refreshToken ?? "",
            client_id: String(provider.clientInformation()?.client_id),
          }),
        });
      const rotated = await refresh(first, tokens.refresh_token);
      expect(rotated.status).toBe(200);
      const next = (await rotated.json()) as { access_token: string; refresh_token: string };
      const accepted = async (replica: SpawnedServer) =>
        (
          await fetch(`${replica.url}/mcp`, {
            method: "POST",
            headers: { authorization: `Bearer ${next.access_token}`, "content-type": "application/json" },
            body: "{}",
          })
        ).status !== 401;
      expect(await accepted(first)).toBe(true);

      expect(await (await refresh(second, tokens.refresh_token)).json()).toMatchObject({
        error: "invalid_grant",
      });
      expect(await accepted(first)).toBe(false);
      expect(await (await refresh(first, next.refresh_token)).json()).toMatchObject({
        error: "invalid_grant",
      });
    });
  });
});
