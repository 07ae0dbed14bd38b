import { createHash, randomBytes } from "node:crypto";
import { type FakeOAuthProvider, REDIRECT_URI, startFakeOAuthProvider } from "@mcp-connectors/test-kit";
import { createLogger, createRedactor, defineTool } from "@mcp-connectors/tool-builder";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createMemoryTokenStore, createOAuth2Upstream, type TokenStore } from "../src/index.js";
import { type OAuthHttpServer, startOAuthHttpServer } from "./helpers/http-server.js";

const ping = defineTool({
  name: "ping",
  title: "Ping",
  description: "Answers pong.",
  input: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: () => ({ pong: true }),
});

const MAX_CLIENTS = 20;
const HOUR_MS = 3600_000;

// /register takes anyone's request: what it keeps must stay bounded in size, number and time.
describe("the registry of dynamically registered clients is bounded", () => {
  let upstream: FakeOAuthProvider;
  let server: OAuthHttpServer;
  let clock = Date.now();
  const inner = createMemoryTokenStore(() => clock);
  /** The client records the server wrote, to count the live ones. */
  const clientKeys = new Set<string>();
  /** Every key the server wrote, to count what it keeps. */
  const keys = new Set<string>();
  const store: TokenStore = {
    ...inner,
    set: async (key, value, ttl) => {
      keys.add(key);
      await inner.set(key, value, ttl);
    },
    setInGroup: async (group, key, value, ttl, max) => {
      const stored = (await inner.setInGroup?.(group, key, value, ttl, max)) ?? false;
      if (stored) clientKeys.add(key);
      return stored;
    },
  };
  /** Live entries outside the access tokens (which live an hour each and end with their family). */
  const liveEntries = async () => {
    let live = 0;
    for (const key of keys) if (!key.startsWith("access:") && (await inner.get(key)) !== undefined) live++;
    return live;
  };
  const liveClients = async () => {
    let live = 0;
    for (const key of clientKeys) if ((await inner.get(key)) !== undefined) live++;
    return live;
  };

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    const log = createLogger({ name: "registry", redact: createRedactor(), write: () => {} });
    const oauth = {
      upstream: createOAuth2Upstream(upstream),
      store,
      encryptionKey: randomBytes(32).toString("hex"),
      rateLimits: false as const,
      maxRegisteredClients: MAX_CLIENTS,
    };
    server = await startOAuthHttpServer(oauth, log, [ping]);
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  const register = (body: string) =>
    fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  const registerClient = async () => {
    const response = await register(
      JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const consentPage = async (clientId: string) => {
    const url = new URL(`${server.url}/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update("v".repeat(43)).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    await response.body?.cancel();
    return response.status;
  };
  /** Signs a user in through `clientId`, so that the client counts as used; returns the tokens. */
  const signIn = async (clientId: string) => {
    const verifier = randomBytes(32).toString("base64url");
    const url = new URL(`${server.url}/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    const back = await upstream.signIn(url, "lena", REDIRECT_URI);
    const tokens = await fetch(`${server.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
        client_id: clientId,
      }),
    });
    expect(tokens.status).toBe(200);
    return (await tokens.json()) as { access_token: string; refresh_token: string };
  };

  test("client metadata over 5 KiB is refused unread with 413, and nothing is stored", async () => {
    const before = clientKeys.size;
    const oversized = await register(
      JSON.stringify({ redirect_uris: [REDIRECT_URI], client_name: "x".repeat(6 * 1024) }),
    );
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toEqual({
      error: "invalid_client_metadata",
      error_description: "Client metadata is limited to 5120 bytes; send fewer or shorter fields.",
    });
    expect(clientKeys.size).toBe(before);
  });

  test("rotating a refresh token keeps nothing of the old one: a sign-in's state does not grow with use", async () => {
    const { body } = await registerClient();
    let tokens = await signIn(body.client_id ?? "");
    const first = tokens.refresh_token;
    const refresh = (refreshToken: string) =>
      fetch(`${server.url}/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: refreshToken,
          client_id: body.client_id ?? "",
        }),
      });
    const before = await liveEntries();
    for (let i = 0; i < 10; i++) {
      const response = await refresh(tokens.refresh_token);
      expect(response.status).toBe(200);
      tokens = (await response.json()) as typeof tokens;
    }
    expect(await liveEntries()).toBe(before);
    // Yet the first token, long rotated, is still recognised: its replay ends the family.
    expect(await (await refresh(first)).json()).toMatchObject({ error: "invalid_grant" });
    expect(await (await refresh(tokens.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
  });

  test("beyond the cap, registration is refused with a clear 429 and the registry stops growing", async () => {
    const used = await registerClient();
    await signIn(used.body.client_id ?? "");
    // Clients users signed in with (this one, and the earlier tests') stay.
    const signedIn = await liveClients();
    const unusedBefore = new Set(clientKeys);
    const statuses: number[] = [];
    let refusal: Record<string, string> = {};
    for (let i = 0; i < MAX_CLIENTS + 10; i++) {
      const { status, body } = await registerClient();
      statuses.push(status);
      if (status !== 201) refusal = body;
    }
    const room = MAX_CLIENTS - signedIn;
    expect(statuses.slice(0, room)).toEqual(Array(room).fill(201));
    expect(statuses.slice(room)).toEqual(Array(MAX_CLIENTS + 10 - room).fill(429));
    expect(refusal).toEqual({
      error: "too_many_requests",
      error_description: expect.stringMatching(
        /maximum of 20 registered clients; unused ones are forgotten within a day/,
      ),
    });
    expect(await liveClients()).toBe(MAX_CLIENTS);

    // A day later the unused registrations are gone and make room; the ones users signed in with stay.
    clock += 25 * HOUR_MS;
    expect(await liveClients()).toBe(signedIn);
    expect(await consentPage(used.body.client_id ?? "")).toBe(200);
    const unused = [...clientKeys].find((key) => !unusedBefore.has(key))?.slice(7) ?? "";
    expect(unused).toMatch(/^[\w-]{36}$/);
    expect(await consentPage(unused)).toBe(400);
    expect((await registerClient()).status).toBe(201);
  });
});
