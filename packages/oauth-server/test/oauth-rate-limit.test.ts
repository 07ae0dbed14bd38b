import { type FakeOAuthProvider, REDIRECT_URI, startFakeOAuthProvider } from "@mcp-connectors/test-kit";
import { createLogger, createRedactor, defineTool } from "@mcp-connectors/tool-builder";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createOAuth2Upstream } from "../src/index.js";
import { clientAddress, clientKey, createRateLimiter } from "../src/rate-limit.js";
import { type OAuthHttpServer, startOAuthHttpServer } from "./helpers/http-server.js";

describe("the rate limiter", () => {
  test("lets max requests through per window and client, then says how long to wait", () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 3, windowSeconds: 60 }, () => now);
    expect([1, 2, 3].map(() => limiter.take("a"))).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(60);
    now = 45_500;
    expect(limiter.take("a")).toBe(15);
    expect(limiter.take("b")).toBe(0);
    now = 60_000;
    expect(limiter.take("a")).toBe(0);
  });

  test("remembers at most 10,000 clients, forgetting the oldest windows first", () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 1, windowSeconds: 3600 }, () => now);
    limiter.take("first");
    expect(limiter.take("first")).toBeGreaterThan(0);
    for (let i = 0; i < 12_000; i++) {
      now++;
      limiter.take(`client-${i}`);
    }
    expect(limiter.size).toBeLessThanOrEqual(10_000);
    // Forgotten, so it starts over; the newest are still counted.
    expect(limiter.take("first")).toBe(0);
    expect(limiter.take("client-11999")).toBeGreaterThan(0);
  });

  test("counts by the socket's address unless told to trust the proxy's X-Forwarded-For", () => {
    const req = {
      headers: { "x-forwarded-for": "203.0.113.9, 198.51.100.7" },
      socket: { remoteAddress: "10.0.0.2" },
    } as unknown as Parameters<typeof clientAddress>[0];
    expect(clientAddress(req, false)).toBe("10.0.0.2");
    // The first entries come from the client and can be forged; the last one is what the proxy saw.
    expect(clientAddress(req, true)).toBe("198.51.100.7");
  });

  test("counts an IPv6 client by its /64 network and an IPv4-mapped one as IPv4", () => {
    // Every address of one subscriber's /64 is one client, or a script would rotate through them.
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe(clientKey("2001:db8:1:2:bbbb::9"));
    expect(clientKey("2001:db8:1:2::1")).not.toBe(clientKey("2001:db8:1:3::1"));
    expect(clientKey("[2001:db8:1:2::1]:443")).toBe("2001:db8:1:2::/64");
    expect(clientKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(clientKey("203.0.113.9:51234")).toBe("203.0.113.9");
  });
});

const noop = defineTool({
  name: "noop",
  title: "No-op",
  description: "Does nothing.",
  input: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: () => ({}),
});

describe("rate limits on the sign-in endpoints", () => {
  let upstream: FakeOAuthProvider;
  let server: OAuthHttpServer;

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    const oauth = {
      upstream: createOAuth2Upstream({ ...upstream, clientAuthentication: "basic" as const }),
      rateLimits: { register: { max: 2, windowSeconds: 600 }, token: { max: 3, windowSeconds: 60 } },
      trustProxy: true,
    };
    const log = createLogger({ name: "limits", redact: createRedactor(), write: () => {} });
    server = await startOAuthHttpServer(oauth, log, [noop]);
  });

  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  const register = (from: string) =>
    fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" }),
    });
  const token = (from: string) =>
    fetch(`${server.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": from },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "made-up", client_id: "nobody" }),
    });

  test("/register answers 429 with Retry-After and an OAuth error past its limit, per address", async () => {
    expect((await register("192.0.2.1")).status).toBe(201);
    expect((await register("192.0.2.1")).status).toBe(201);
    const refused = await register("192.0.2.1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: "too_many_requests",
      error_description: expect.stringMatching(/try again in \d+ s/),
    });
    expect((await register("192.0.2.2")).status).toBe(201);
  });

  test("/token has its own limit: bad codes are refused as such until it, then 429", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await token("192.0.2.3")).status);
    expect(statuses.slice(0, 3).every((status) => status === 400 || status === 401)).toBe(true);
    expect(statuses[3]).toBe(429);
    // Registration from that address is still allowed: the limits are separate.
    expect((await register("192.0.2.3")).status).toBe(201);
  });
});

describe("rate limit settings", () => {
  let upstream: FakeOAuthProvider;
  const servers: OAuthHttpServer[] = [];
  const start = async (oauth: Record<string, unknown>) => {
    const log = createLogger({ name: "limits", redact: createRedactor(), write: () => {} });
    const upstreamProvider = createOAuth2Upstream({ ...upstream, clientAuthentication: "basic" as const });
    const server = await startOAuthHttpServer({ upstream: upstreamProvider, ...oauth }, log, [noop]);
    servers.push(server);
    return server;
  };
  const register = (server: OAuthHttpServer, from: string) =>
    fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" }),
    });

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await upstream.close();
  });

  test("without trustProxy a forged X-Forwarded-For does not escape the limit", async () => {
    const server = await start({ rateLimits: { register: { max: 2, windowSeconds: 600 } } });
    const statuses = [];
    for (const from of ["192.0.2.10", "192.0.2.11", "192.0.2.12"])
      statuses.push((await register(server, from)).status);
    expect(statuses).toEqual([201, 201, 429]);
  });

  test("/authorize is limited too, before the request is even checked", async () => {
    const server = await start({ rateLimits: { authorize: { max: 2, windowSeconds: 60 } } });
    const authorize = () => fetch(`${server.url}/authorize?client_id=nobody`, { redirect: "manual" });
    expect((await authorize()).status).toBe(400);
    expect((await authorize()).status).toBe(400);
    const refused = await authorize();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: "too_many_requests" });
  });

  test("rateLimits: false turns them off", async () => {
    const server = await start({ rateLimits: false });
    const statuses = new Set<number>();
    // More than the default of 20 registrations per 15 minutes.
    for (let i = 0; i < 25; i++) statuses.add((await register(server, "192.0.2.20")).status);
    expect([...statuses]).toEqual([201]);
  });
});
