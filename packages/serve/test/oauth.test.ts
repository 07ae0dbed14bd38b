import { createHash, randomBytes } from "node:crypto";
import { browse, type FakeOAuthProvider, startFakeOAuthProvider } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fingerprint, REDIRECT_URI, responseRecorder, signInWithSdk } from "./helpers/oauth-client.js";
import { type SpawnedServer, spawnHttpServer } from "./helpers/spawn-server.js";

const OAUTH_FIXTURE = new URL("./fixtures/oauth-fixture-server.ts", import.meta.url).pathname;
const ENCRYPTION_KEY = randomBytes(32).toString("base64");

type Structured = { fingerprint?: string; user?: string };
const structured = (result: unknown) =>
  (result as { structuredContent?: unknown }).structuredContent as Structured;

/** A PKCE pair and a registered public client, for the requests a misbehaving client would send. */
async function registerClient(serverUrl: string) {
  const response = await fetch(`${serverUrl}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(
  serverUrl: string,
  clientId: string,
  challenge: string,
  extra: Record<string, string> = {},
) {
  const url = new URL(`${serverUrl}/authorize`);
  const params = {
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "client-state-1",
    ...extra,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(form) });

/** Whether the server accepts one of its access tokens at /mcp (anything but 401). */
const accepts = async (serverUrl: string, accessToken: string) => {
  const response = await fetch(`${serverUrl}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: "{}",
  });
  await response.body?.cancel();
  return response.status !== 401;
};

interface IssuedTokens {
  access_token: string;
  refresh_token: string;
}

describe("OAuth sign-in with the SDK client", () => {
  let upstream: FakeOAuthProvider;
  let server: SpawnedServer;
  const recorder = responseRecorder();

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    server = await spawnHttpServer(OAUTH_FIXTURE, ["--oauth"], {
      FAKE_UPSTREAM_URL: upstream.url,
      OAUTH_UPSTREAM_CLIENT_ID: upstream.clientId,
      OAUTH_UPSTREAM_CLIENT_SECRET: upstream.clientSecret,
      TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
      MCP_LOG_LEVEL: "debug",
    });
  });

  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await upstream.close();
    const everything = [server.stderr(), ...recorder.seen].join("\n");
    expect(upstream.issuedTokens().length).toBeGreaterThan(4);
    for (const secret of [...upstream.issuedTokens(), upstream.clientSecret, ENCRYPTION_KEY]) {
      expect(everything).not.toContain(secret);
    }
  });

  test("an unauthenticated request gets 401 with WWW-Authenticate pointing at the metadata", async () => {
    const response = await fetch(`${server.url}/mcp`, { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer realm="mcp", resource_metadata="${server.url}/.well-known/oauth-protected-resource"`,
    );
    const resource = await (await fetch(`${server.url}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(resource).toEqual({
      resource: server.url,
      authorization_servers: [server.url],
      bearer_methods_supported: ["header"],
      resource_name: "oauth-fixture-server",
    });
    const metadata = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/authorize`,
      token_endpoint: `${server.url}/token`,
      registration_endpoint: `${server.url}/register`,
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
    });
  });

  test("the SDK client discovers, registers, completes PKCE, and its tools see that user's credential", async () => {
    const alice = await signInWithSdk(server.url, upstream, "alice", recorder);
    expect(alice.tokens.access_token).toMatch(/^[\w-]{43}$/);
    expect(upstream.issuedTokens()).not.toContain(alice.tokens.access_token);
    const whoami = await alice.client.callTool({ name: "whoami", arguments: {} });
    expect(structured(whoami).fingerprint).toBe(fingerprint(upstream.accessTokenOf("alice") ?? ""));
    const me = await alice.client.callTool({ name: "upstream_me", arguments: {} });
    expect(structured(me)).toEqual({ user: "alice" });
    await alice.client.close();
  });

  test("two users each get their own upstream credential, even when calls interleave", async () => {
    const [alice, bob] = await Promise.all([
      signInWithSdk(server.url, upstream, "alice2", recorder),
      signInWithSdk(server.url, upstream, "bob", recorder),
    ]);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        [alice, bob].map(({ client }) => client.callTool({ name: "upstream_me", arguments: {} })),
      );
      expect(results.map((result) => structured(result).user)).toEqual(["alice2", "bob"]);
    }
    await Promise.all([alice.client.close(), bob.client.close()]);
  });

  test("an expired upstream token is refreshed before the tool runs", async () => {
    upstream.accessTokenLifetime = 5; // inside the server's refresh margin: stale at once
    const carol = await signInWithSdk(server.url, upstream, "carol", recorder);
    upstream.accessTokenLifetime = 3600;
    const issuedAtSignIn = upstream.accessTokenOf("carol");
    const refreshesBefore = upstream.counts.refreshes;
    const whoami = await carol.client.callTool({ name: "whoami", arguments: {} });
    expect(upstream.counts.refreshes).toBe(refreshesBefore + 1);
    expect(upstream.accessTokenOf("carol")).not.toBe(issuedAtSignIn);
    expect(structured(whoami).fingerprint).toBe(fingerprint(upstream.accessTokenOf("carol") ?? ""));
    await carol.client.callTool({ name: "whoami", arguments: {} });
    expect(upstream.counts.refreshes).toBe(refreshesBefore + 1);
    await carol.client.close();
  });

  test("a sign-in revoked upstream is forgotten: the next request gets 401 with WWW-Authenticate", async () => {
    const dave = await signInWithSdk(server.url, upstream, "dave", recorder);
    upstream.revokeUser("dave");
    const refused = await dave.client.callTool({ name: "upstream_me", arguments: {} });
    expect(refused.isError).toBe(true);
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${dave.tokens.access_token}`, "content-type": "application/json" },
      body: "{}",
    });
    recorder.record(await response.text(), response.headers);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="mcp", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource", error="invalid_token", error_description="[^"]+"$/,
    );
    const refresh = await postForm(`${server.url}/token`, {
      grant_type: "refresh_token",
      refresh_token: dave.tokens.refresh_token ?? "",
      client_id: String(dave.provider.clientInformation()?.client_id),
    });
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
    await dave.client.close();
  });

  test("refresh tokens rotate, and revoking one ends the sign-in upstream too", async () => {
    const erin = await signInWithSdk(server.url, upstream, "erin", recorder);
    const clientId = String(erin.provider.clientInformation()?.client_id);
    const refreshed = await postForm(`${server.url}/token`, {
      grant_type: "refresh_token",
      refresh_token: erin.tokens.refresh_token ?? "",
      client_id: clientId,
    });
    const tokens = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(refreshed.status).toBe(200);
    expect(tokens.refresh_token).not.toBe(erin.tokens.refresh_token);
    const revocations = upstream.counts.revocations;
    const revoke = await postForm(`${server.url}/revoke`, {
      token: tokens.refresh_token,
      client_id: clientId,
    });
    expect(revoke.status).toBe(200);
    expect(upstream.counts.revocations).toBe(revocations + 1);
    const after = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.access_token}` },
      body: "{}",
    });
    expect(after.status).toBe(401);
    await erin.client.close();
  });

  test("replaying a rotated refresh token ends the whole family: the access and refresh tokens issued after it stop working", async () => {
    const grace = await signInWithSdk(server.url, upstream, "grace", recorder);
    const clientId = String(grace.provider.clientInformation()?.client_id);
    const refresh = (refreshToken: string) =>
      postForm(`${server.url}/token`, {
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        client_id: clientId,
      });
    const first = grace.tokens as IssuedTokens;
    const rotated = await refresh(first.refresh_token);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as IssuedTokens;
    expect(await accepts(server.url, second.access_token)).toBe(true);

    const revocations = upstream.counts.revocations;
    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    expect(await accepts(server.url, second.access_token)).toBe(false);
    expect(await accepts(server.url, first.access_token)).toBe(false);
    expect(await (await refresh(second.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    // The user's upstream sign-in is revoked too: the family may have leaked with it.
    expect(upstream.counts.revocations).toBe(revocations + 1);
    await grace.client.close();
  });

  test("replaying an authorization code revokes the tokens issued from it", async () => {
    const clientId = await registerClient(server.url);
    const { verifier, challenge } = pkce();
    const back = await upstream.signIn(authorizeUrl(server.url, clientId, challenge), "henry", REDIRECT_URI);
    const redeem = () =>
      postForm(`${server.url}/token`, {
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
        client_id: clientId,
      });
    const redeemed = await redeem();
    expect(redeemed.status).toBe(200);
    const tokens = (await redeemed.json()) as IssuedTokens;
    expect(await accepts(server.url, tokens.access_token)).toBe(true);

    const replay = await redeem();
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    expect(await accepts(server.url, tokens.access_token)).toBe(false);
    const refreshed = await postForm(`${server.url}/token`, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
      client_id: clientId,
    });
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
  });

  test("a code or refresh token presented by another client is refused without being spent", async () => {
    const owner = await registerClient(server.url);
    const other = await registerClient(server.url);
    const { verifier, challenge } = pkce();
    const back = await upstream.signIn(authorizeUrl(server.url, owner, challenge), "ivan", REDIRECT_URI);
    const redeem = (clientId: string) =>
      postForm(`${server.url}/token`, {
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
        client_id: clientId,
      });
    expect(await (await redeem(other)).json()).toMatchObject({ error: "invalid_grant" });
    const redeemed = await redeem(owner);
    expect(redeemed.status).toBe(200);
    const tokens = (await redeemed.json()) as IssuedTokens;

    const refresh = (clientId: string) =>
      postForm(`${server.url}/token`, {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      });
    expect(await (await refresh(other)).json()).toMatchObject({ error: "invalid_grant" });
    expect((await refresh(owner)).status).toBe(200);
  });

  test("a wrong PKCE verifier, a reused code and a wrong redirect URI are refused", async () => {
    const clientId = await registerClient(server.url);
    const codeFor = async (challenge: string) => {
      const back = await upstream.signIn(
        authorizeUrl(server.url, clientId, challenge),
        "frank",
        REDIRECT_URI,
      );
      expect(back.searchParams.get("state")).toBe("client-state-1");
      expect(back.searchParams.get("iss")).toBe(server.url);
      return back.searchParams.get("code") ?? "";
    };
    const redeem = (code: string, verifier: string, redirectUri = REDIRECT_URI) =>
      postForm(`${server.url}/token`, {
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: clientId,
      });

    const first = pkce();
    const wrongVerifier = await redeem(await codeFor(first.challenge), pkce().verifier);
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });

    const second = pkce();
    const code = await codeFor(second.challenge);
    expect((await redeem(code, second.verifier)).status).toBe(200);
    const reused = await redeem(code, second.verifier);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });

    const third = pkce();
    const wrongRedirect = await redeem(
      await codeFor(third.challenge),
      third.verifier,
      "http://127.0.0.1:9/other",
    );
    expect(await wrongRedirect.json()).toMatchObject({ error: "invalid_grant" });

    const unregistered = await fetch(
      authorizeUrl(server.url, clientId, third.challenge, { redirect_uri: "https://evil.example/cb" }),
      { redirect: "manual" },
    );
    expect(unregistered.status).toBe(400);
    expect(unregistered.headers.get("location")).toBeNull();
  });

  test("invalid authorization requests get a page with a link back to the client, never a redirect (no open redirector)", async () => {
    // Anyone can register a client with a redirect URI of their own: an automatic error redirect to it
    // would let them bounce users off this server to any site.
    const response = await fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        redirect_uris: ["https://evil.example/cb"],
        token_endpoint_auth_method: "none",
      }),
    });
    const { client_id: clientId } = (await response.json()) as { client_id: string };
    const { challenge } = pkce();
    const cases: Array<[Record<string, string>, string]> = [
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge: "" }, "invalid_request"],
      [{ resource: "https://other.example" }, "invalid_target"],
      [{ response_type: "token" }, "unsupported_response_type"],
    ];
    for (const [extra, error] of cases) {
      const url = authorizeUrl(server.url, clientId, challenge, {
        redirect_uri: "https://evil.example/cb",
        ...extra,
      });
      const page = await fetch(url, { redirect: "manual", headers: { accept: "text/html" } });
      expect(page.status).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      const link = /<a href="([^"]+)">evil\.example<\/a>/.exec(await page.text())?.[1] ?? "";
      const back = new URL(link.replaceAll("&amp;", "&"));
      expect(`${back.origin}${back.pathname}`).toBe("https://evil.example/cb");
      expect(back.searchParams.get("error")).toBe(error);
      expect(back.searchParams.get("state")).toBe("client-state-1");
    }
    // A program (no text/html in Accept) gets the OAuth error as JSON, and no redirect either.
    const program = await fetch(
      authorizeUrl(server.url, clientId, challenge, {
        redirect_uri: "https://evil.example/cb",
        response_type: "token",
      }),
      { redirect: "manual" },
    );
    expect(program.status).toBe(400);
    expect(program.headers.get("location")).toBeNull();
    expect(await program.json()).toMatchObject({ error: "unsupported_response_type" });
  });

  test("the consent page names the client, its redirect URI and the provider, and cannot be framed", async () => {
    const response = await fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: "none",
        client_name: "Evil <script>alert(1)</script> Client",
      }),
    });
    const { client_id } = (await response.json()) as { client_id: string };
    const page = await fetch(authorizeUrl(server.url, client_id, pkce().challenge), { redirect: "manual" });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Evil &lt;script&gt;alert(1)&lt;/script&gt; Client");
    expect(html).not.toContain("<script>");
    expect(html).toContain(REDIRECT_URI);
    expect(html).toContain(new URL(upstream.url).host);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("set-cookie")).toMatch(
      /^mcp_consent_[\w-]{16}=[\w-]{43}; .*HttpOnly; SameSite=Lax/,
    );
  });

  test("denying sends the client access_denied and never reaches the provider", async () => {
    const clientId = await registerClient(server.url);
    const exchanges = upstream.counts.codeExchanges;
    const back = await browse(authorizeUrl(server.url, clientId, pkce().challenge), REDIRECT_URI, {
      decision: "deny",
      fill: { username: "mallory" },
    });
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("client-state-1");
    expect(back.searchParams.get("iss")).toBe(server.url);
    expect(back.searchParams.get("code")).toBeNull();
    expect(upstream.counts.codeExchanges).toBe(exchanges);
  });

  test("a forged, reused or cookieless approval is refused", async () => {
    const clientId = await registerClient(server.url);
    const page = await fetch(authorizeUrl(server.url, clientId, pkce().challenge), { redirect: "manual" });
    const token = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const approve = (consent: string, headers: Record<string, string>) =>
      fetch(`${server.url}/oauth/consent`, {
        method: "POST",
        headers,
        body: new URLSearchParams({ consent, decision: "approve" }),
        redirect: "manual",
      });

    const forged = await approve("forged-token-not-issued", { cookie });
    expect(forged.status).toBe(400);
    const fromAnotherSite = await approve(token, { cookie, origin: "https://evil.example" });
    expect(fromAnotherSite.status).toBe(400);
    const withoutCookie = await approve(token, {});
    expect(withoutCookie.status).toBe(400);
    expect(withoutCookie.headers.get("location")).toBeNull();
    expect(await withoutCookie.json()).toMatchObject({ error: "invalid_request" });

    // A failed attempt spends the token, so a fresh request shows that one approval works exactly once.
    const again = await fetch(authorizeUrl(server.url, clientId, pkce().challenge), { redirect: "manual" });
    const second = /name="consent" value="([^"]+)"/.exec(await again.text())?.[1] ?? "";
    const secondCookie = (again.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const approved = await approve(second, { cookie: secondCookie });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("location")).toMatch(new RegExp(`^${upstream.authorizationEndpoint}\\?`));
    const reused = await approve(second, { cookie: secondCookie });
    expect(reused.status).toBe(400);
  });

  test("a provider link approved in one browser and opened in another is refused: no code, no token (confused deputy)", async () => {
    // The attacker registers a client with a redirect URI of theirs and approves it in their own browser,
    // stopping at the genuine provider link that the approval leads to.
    const attackerClient = await registerClient(server.url);
    const attacker = pkce();
    const providerLink = await browse(
      authorizeUrl(server.url, attackerClient, attacker.challenge),
      upstream.authorizationEndpoint,
    );
    expect(providerLink.searchParams.get("state")).toMatch(/^[\w-]{43}$/);

    // The victim opens the link in their own browser (another cookie jar) and signs in at the provider.
    const exchanges = upstream.counts.codeExchanges;
    const victimSaw: Array<{ text: string; headers: Headers }> = [];
    const victim = upstream.signIn(providerLink, "victim", REDIRECT_URI, (text, headers) =>
      victimSaw.push({ text, headers }),
    );
    await expect(victim).rejects.toThrow(
      /stopped at http:\/\/127\.0\.0\.1:\d+\/oauth\/callback with HTTP 400/,
    );
    const refusal = victimSaw.at(-1);
    expect(refusal?.headers.get("content-type")).toMatch(/^text\/html/);
    expect(refusal?.text).toContain("approved in another browser");
    expect(refusal?.headers.get("location")).toBeNull();
    // The provider's code was never exchanged, so no upstream token exists for the attacker's client.
    expect(upstream.counts.codeExchanges).toBe(exchanges);
    expect(upstream.accessTokenOf("victim")).toBeUndefined();

    // Nor can the attacker's browser finish with the state afterwards: it was spent by the refused arrival.
    const replay = new URL(`${server.url}/oauth/callback`);
    replay.search = new URLSearchParams({
      state: providerLink.searchParams.get("state") ?? "",
      code: "x",
    }).toString();
    await expect(browse(replay, REDIRECT_URI)).rejects.toThrow(/HTTP 400/);
    expect(upstream.counts.codeExchanges).toBe(exchanges);
  });

  test("the approving browser gets a sign-in cookie scoped to the callback, HttpOnly and SameSite=Lax", async () => {
    const clientId = await registerClient(server.url);
    const page = await fetch(authorizeUrl(server.url, clientId, pkce().challenge), { redirect: "manual" });
    const token = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const approved = await fetch(`${server.url}/oauth/consent`, {
      method: "POST",
      headers: { cookie: (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "" },
      body: new URLSearchParams({ consent: token, decision: "approve" }),
      redirect: "manual",
    });
    expect(approved.status).toBe(302);
    const signIn = approved.headers.getSetCookie().find((line) => line.startsWith("mcp_signin_"));
    expect(signIn).toMatch(
      /^mcp_signin_[\w-]{16}=[\w-]{43}; Path=\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/,
    );
    // The cookie holds a secret of its own, not the state that travels through the provider.
    const state = new URL(approved.headers.get("location") ?? "").searchParams.get("state") ?? "";
    expect(signIn).not.toContain(state);
  });

  test("registration refuses redirect URIs that are not https or loopback", async () => {
    const response = await fetch(`${server.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: ["http://evil.example/cb"] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_client_metadata" });
  });
});
