import { createHash, randomBytes } from "node:crypto";
import { type FakeOAuthProvider, REDIRECT_URI, startFakeOAuthProvider } from "@mcp-connectors/test-kit";
import { createLogger, createRedactor } from "@mcp-connectors/tool-builder";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOAuth2Upstream } from "../src/index.js";
import { isAcceptableRedirectUri } from "../src/redirect-uri.js";
import { type OAuthHttpServer, startOAuthHttpServer } from "./helpers/http-server.js";

// Requests a misbehaving or hostile client sends to the authorization server's endpoints.
describe("the OAuth endpoints refuse malformed and out-of-rule requests", () => {
  let upstream: FakeOAuthProvider;
  let server: OAuthHttpServer;

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    const log = createLogger({ name: "requests", redact: createRedactor(), write: () => {} });
    const oauth = {
      upstream: createOAuth2Upstream(upstream),
      scopes: ["profile:read"],
      encryptionKey: randomBytes(32).toString("base64"),
    };
    server = await startOAuthHttpServer(oauth, log);
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  const register = (metadata: Record<string, unknown>) =>
    fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(metadata),
    });

  test("a malformed Basic header at /token and /revoke is a 401 invalid_client, not a server error", async () => {
    const confidential = (await (await register({ redirect_uris: [REDIRECT_URI] })).json()) as {
      client_id: string;
    };
    const headers = [
      "Basic !!!not-base64!!!",
      "Basic ",
      `Basic ${Buffer.from("no-colon-here").toString("base64")}`,
      `Basic ${Buffer.from(`${confidential.client_id}:%E0%A4%A`).toString("base64")}`,
      `Basic ${Buffer.from("%ZZ:secret").toString("base64")}`,
    ];
    for (const path of ["/token", "/revoke"]) {
      for (const authorization of headers) {
        const response = await fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "x", token: "x" }),
        });
        expect(response.status, `${path} with ${authorization}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: "invalid_client" });
      }
    }
  });

  test("redirect URIs follow an allow-list: https, http on loopback, reverse-domain app schemes; no user info", async () => {
    for (const uri of [
      "ftp://files.example/cb",
      "ws://127.0.0.1:4000/cb",
      "https://localhost@evil.example/cb",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://evil.example/cb",
    ]) {
      const response = await register({ redirect_uris: [uri], token_endpoint_auth_method: "none" });
      expect(response.status, uri).toBe(400);
      expect(await response.json()).toMatchObject({
        error: "invalid_client_metadata",
        error_description: expect.stringMatching(/redirect_uris/),
      });
    }
    const accepted = await register({
      redirect_uris: [
        "https://client.example/cb",
        "http://127.0.0.1:4000/cb",
        "http://[::1]:4000/cb",
        "http://localhost:4000/cb",
        "com.example.app:/oauth/cb",
      ],
      token_endpoint_auth_method: "none",
    });
    expect(accepted.status).toBe(201);
  });

  test("the granted scope is the server's own: unknown requested scopes are dropped, never echoed", async () => {
    const { client_id } = (await (
      await register({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" })
    ).json()) as { client_id: string };

    for (const scope of [
      undefined,
      "profile:read",
      "profile:read admin:everything",
      "claudeai offline_access",
    ]) {
      const verifier = randomBytes(32).toString("base64url");
      const url = new URL(`${server.url}/authorize`);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id,
        redirect_uri: REDIRECT_URI,
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
        ...(scope !== undefined && { scope }),
      }).toString();
      const back = await upstream.signIn(url, "kim", REDIRECT_URI);
      const tokens = await fetch(`${server.url}/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: back.searchParams.get("code") ?? "",
          code_verifier: verifier,
          redirect_uri: REDIRECT_URI,
          client_id,
        }),
      });
      expect(await tokens.json(), String(scope)).toMatchObject({ scope: "profile:read" });
    }
    const metadata = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({ scopes_supported: ["profile:read"] });
  });
});

describe("on an https PUBLIC_URL", () => {
  test("both browser-binding cookies are Secure, and scoped to their step's path", async () => {
    const upstream = await startFakeOAuthProvider();
    const log = createLogger({ name: "https", redact: createRedactor(), write: () => {} });
    const oauth = { upstream: createOAuth2Upstream(upstream), publicUrl: "https://mcp.example.test" };
    const server = await startOAuthHttpServer(oauth, log);
    try {
      const registered = await fetch(`${server.url}/register`, {
        method: "POST",
        body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" }),
      });
      const { client_id } = (await registered.json()) as { client_id: string };
      const authorize = new URL(`${server.url}/authorize`);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id,
        redirect_uri: REDIRECT_URI,
        code_challenge: createHash("sha256").update("v".repeat(43)).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      const page = await fetch(authorize);
      const consentCookie = page.headers.get("set-cookie") ?? "";
      expect(consentCookie).toMatch(/; Path=\/oauth\/consent; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
      const consent = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
      const approved = await fetch(`${server.url}/oauth/consent`, {
        method: "POST",
        headers: { cookie: consentCookie.split(";")[0] ?? "" },
        body: new URLSearchParams({ consent, decision: "approve" }),
        redirect: "manual",
      });
      expect(approved.status).toBe(302);
      expect(approved.headers.getSetCookie()).toEqual([
        expect.stringMatching(
          /^mcp_consent_[\w-]{16}=; Path=\/oauth\/consent; Max-Age=0; HttpOnly; SameSite=Lax; Secure$/,
        ),
        expect.stringMatching(
          /^mcp_signin_[\w-]{16}=[\w-]{43}; Path=\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
        ),
      ]);
    } finally {
      await server.close();
      await upstream.close();
    }
  });
});

describe("the redirect URI rule", () => {
  test.each([
    ["https://client.example/cb", true],
    ["https://client.example:8443/cb?x=1", true],
    ["http://127.0.0.1:4000/cb", true],
    ["http://127.5.6.7/cb", true],
    ["http://[::1]:4000/cb", true],
    ["http://localhost/cb", true],
    ["com.example.app:/oauth/cb", true],
    ["com.example.app://callback", true],
    ["http://evil.example/cb", false],
    ["http://localhost.evil.example/cb", false],
    ["https://localhost@evil.example/cb", false],
    ["https://user:pass@client.example/cb", false],
    ["https://@client.example/cb", false],
    ["http://127.0.0.1@evil.example/cb", false],
    ["https://client.example/cb#fragment", false],
    ["ftp://files.example/cb", false],
    ["ws://127.0.0.1/cb", false],
    ["wss://client.example/cb", false],
    ["javascript:alert(1)", false],
    ["data:text/html,hi", false],
    ["file:///etc/passwd", false],
    ["vbscript:msgbox", false],
    ["myapp:/cb", false],
    ["not a url", false],
  ])("%s → %s", (uri, accepted) => {
    expect(isAcceptableRedirectUri(uri)).toBe(accepted);
  });
});
