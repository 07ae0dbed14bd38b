import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  createLogger,
  createMcpServer,
  createMemoryTokenStore,
  createOAuth2Upstream,
  createRedactor,
  defineTool,
  type RunningHttpServer,
  startHttpServer,
  type TokenStore,
} from "../src/index.js";
import { type FakeOAuthProvider, startFakeOAuthProvider } from "../src/testing/index.js";
import { REDIRECT_URI } from "./helpers/oauth-client.js";

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
  let server: RunningHttpServer;
  let clock = Date.now();
  const inner = createMemoryTokenStore(() => clock);
  /** The client records the server wrote, to count the live ones. */
  const clientKeys = new Set<string>();
  const store: TokenStore = {
    ...inner,
    setInGroup: async (group, key, value, ttl, max) => {
      const stored = (await inner.setInGroup?.(group, key, value, ttl, max)) ?? false;
      if (stored) clientKeys.add(key);
      return stored;
    },
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
    const newServer = () => createMcpServer({ name: "registry", version: "1", tools: [ping] });
    server = await startHttpServer(newServer, { host: "127.0.0.1", port: 0, oauth }, log);
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
  /** Signs a user in through `clientId`, so that the client counts as used. */
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

  test("beyond the cap, registration is refused with a clear 429 and the registry stops growing", async () => {
    const used = await registerClient();
    await signIn(used.body.client_id ?? "");
    const statuses: number[] = [];
    let refusal: Record<string, string> = {};
    for (let i = 0; i < MAX_CLIENTS + 10; i++) {
      const { status, body } = await registerClient();
      statuses.push(status);
      if (status !== 201) refusal = body;
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(MAX_CLIENTS - 1);
    expect(statuses.slice(MAX_CLIENTS - 1)).toEqual(Array(11).fill(429));
    expect(refusal).toEqual({
      error: "too_many_requests",
      error_description: expect.stringMatching(
        /maximum of 20 registered clients; unused ones are forgotten within a day/,
      ),
    });
    expect(await liveClients()).toBe(MAX_CLIENTS);

    // A day later the unused registrations are gone and make room; the one a user signed in with stays.
    clock += 25 * HOUR_MS;
    expect(await liveClients()).toBe(1);
    expect(await consentPage(used.body.client_id ?? "")).toBe(200);
    const unused = [...clientKeys].find((key) => key !== `client:${used.body.client_id}`)?.slice(7) ?? "";
    expect(unused).toMatch(/^[\w-]{36}$/);
    expect(await consentPage(unused)).toBe(400);
    expect((await registerClient()).status).toBe(201);
  });
});
