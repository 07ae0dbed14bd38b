// Sign-ins shared by replicas through the Redis token store: two servers started the way a deployment starts
// them, one public origin. The store itself is tested in @mcp-connectors/oauth-server.
import { randomBytes } from "node:crypto";
import { type FakeOAuthProvider, startFakeOAuthProvider } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fingerprint, signInWithSdk } from "./helpers/oauth-client.js";
import { type LocalRedis, redisUnavailable, startLocalRedis } from "./helpers/redis-server.js";
import { type SpawnedServer, spawnHttpServer } from "./helpers/spawn-server.js";

const OAUTH_FIXTURE = new URL("./fixtures/oauth-fixture-server.ts", import.meta.url).pathname;

const unavailable = redisUnavailable();
if (unavailable) console.warn(`The replicas' Redis tests are skipped: ${unavailable}.`);
const suite = unavailable ? `replicas on Redis (skipped: ${unavailable})` : "replicas on Redis";

describe.skipIf(unavailable !== undefined)(suite, () => {
  let redis: LocalRedis;

  beforeAll(async () => {
    redis = await startLocalRedis();
  });
  afterAll(async () => {
    await redis?.stop();
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
