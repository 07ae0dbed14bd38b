import { createHash, randomBytes } from "node:crypto";
import { type FakeOAuthProvider, REDIRECT_URI, startFakeOAuthProvider } from "@mcp-connectors/test-kit";
import { createLogger, createRedactor, defineTool } from "@mcp-connectors/tool-builder";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createMemoryTokenStore, createOAuth2Upstream } from "../src/index.js";
import { type OAuthHttpServer, startOAuthHttpServer } from "./helpers/http-server.js";

const whoami = defineTool({
  name: "whoami",
  title: "Who am I",
  description: "Says whether a credential arrived.",
  input: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: (_input, { credential }) => ({ signedIn: credential !== undefined }),
});

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

describe("tokens are bound to the server they were issued for", () => {
  let upstream: FakeOAuthProvider;
  const servers: OAuthHttpServer[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    // Two servers that share one store and one key, as two different deployments on one Redis would.
    const store = createMemoryTokenStore();
    const encryptionKey = randomBytes(32).toString("hex");
    const log = createLogger({
      name: "audience",
      redact: createRedactor(),
      write: (line) => logLines.push(line),
    });
    for (let i = 0; i < 2; i++) {
      const oauth = {
        upstream: createOAuth2Upstream({ ...upstream, clientAuthentication: "basic" as const }),
        store,
        encryptionKey,
      };
      servers.push(await startOAuthHttpServer(oauth, log, [whoami]));
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await upstream.close();
    for (const secret of upstream.issuedTokens()) expect(logLines.join("\n")).not.toContain(secret);
  });

  test("a token for another audience is refused, and so is its refresh token", async () => {
    const [first, second] = servers as [OAuthHttpServer, OAuthHttpServer];
    const registered = await fetch(`${first.url}/register`, {
      method: "POST",
      body: JSON.stringify({
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: "client_secret_post",
      }),
    });
    const client = (await registered.json()) as { client_id: string; client_secret: string };
    expect(client.client_secret).toMatch(/^[\w-]{43}$/);
    const verifier = randomBytes(32).toString("base64url");
    const authorize = new URL(`${first.url}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      resource: first.url,
    }).toString();
    const back = await upstream.signIn(authorize, "grace", REDIRECT_URI);
    const exchange = (secret: string) =>
      fetch(`${first.url}/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: back.searchParams.get("code") ?? "",
          code_verifier: verifier,
          redirect_uri: REDIRECT_URI,
          client_id: client.client_id,
          client_secret: secret,
          resource: first.url,
        }),
      });
    expect((await exchange("not-the-secret")).status).toBe(401);
    const tokens = (await (await exchange(client.client_secret)).json()) as {
      access_token: string;
      refresh_token: string;
    };

    const call = (url: string) =>
      fetch(`${url}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: initialize,
      });
    expect((await call(first.url)).status).toBe(200);
    const elsewhere = await call(second.url);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers.get("www-authenticate")).toContain("another resource");

    const refresh = await fetch(`${second.url}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: client.client_id,
        client_secret: client.client_secret,
      }),
    });
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
  });
});
