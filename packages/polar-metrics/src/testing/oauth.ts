import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FakeStore, generateStore } from "./store.js";

/** Polar's OAuth 2.0 / OpenID Connect provider in the fake: discovery, sign-in, tokens, revocation. */
export interface FakePolarOAuth {
  /** The fake app's client ID at the fake Polar. */
  clientId: string;
  /** Its client secret, an obviously fake value. */
  clientSecret: string;
  /** Lifetime in seconds of the access tokens issued from now on (default 3600, as Polar's). */
  accessTokenLifetime: number;
  /** How many code exchanges, refreshes and revocations it answered. */
  readonly counts: { codeExchanges: number; refreshes: number; revocations: number };
  /** The organization data a user signed in with sees (generated for them on first use). */
  storeOf(user: string): FakeStore;
  /** Every access and refresh token issued, to check that none leaks. */
  issuedTokens(): string[];
  /** Revokes all of a user's tokens, as when they remove the app's access in Polar. */
  revokeUser(user: string): void;
}

/** What the fake's router calls: answers the OAuth requests and resolves bearer tokens to their users. */
export interface FakePolarOAuthRoutes extends FakePolarOAuth {
  /** Answers discovery, `/oauth2/authorize`, `/v1/oauth2/token` and `/v1/oauth2/revoke`; false for others. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
  /** The store and scopes of a live access token, or undefined when it is not one. */
  userFor(accessToken: string | undefined): { store: FakeStore; scopes: string[] } | undefined;
}

interface Session {
  user: string;
  scopes: string[];
  access: string;
  refresh: string;
  /** When the access token expires, milliseconds since the epoch. */
  expiresAt: number;
}

const secret = (prefix: string) => `${prefix}fake_${randomBytes(18).toString("base64url")}`;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const escapeAttribute = (text: string) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;");

/**
 * The fake's OAuth provider. Any user name signs in on the sign-in page and gets an organization of their
 * own, generated from the name; tokens are `polar_at_u_…` and `polar_rt_u_…` as Polar's user tokens.
 * @param baseUrl the fake's URL, read when a request arrives (the port is known only after listening)
 */
export function createFakePolarOAuth(options: { baseUrl(): string; now: Date }): FakePolarOAuthRoutes {
  const clientId = "polar_ci_fake_app";
  const clientSecret = "polar_cs_fake_app_secret_not_real";
  const stores = new Map<string, FakeStore>();
  const codes = new Map<string, { user: string; scopes: string[]; redirectUri: string }>();
  const sessions = new Set<Session>();
  const issued: string[] = [];
  const counts = { codeExchanges: 0, refreshes: 0, revocations: 0 };

  const storeOf = (user: string) => {
    let store = stores.get(user);
    if (!store) {
      store = generateStore(createHash("sha256").update(user).digest().readUInt32BE(0), options.now);
      stores.set(user, store);
    }
    return store;
  };

  const startSession = (user: string, scopes: string[]) => {
    const session: Session = {
      user,
      scopes,
      access: secret("polar_at_u_"),
      refresh: secret("polar_rt_u_"),
      expiresAt: Date.now() + oauth.accessTokenLifetime * 1000,
    };
    sessions.add(session);
    issued.push(session.access, session.refresh);
    return {
      access_token: session.access,
      token_type: "Bearer",
      expires_in: oauth.accessTokenLifetime,
      refresh_token: session.refresh,
      scope: scopes.join(" "),
    };
  };

  const clientAuthenticated = (request: IncomingMessage, form: URLSearchParams) => {
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const [id, password] = basic
      ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent)
      : [form.get("client_id"), form.get("client_secret")];
    return id === clientId && password === clientSecret;
  };

  const discovery = () => {
    const url = options.baseUrl();
    return {
      issuer: url,
      authorization_endpoint: `${url}/oauth2/authorize`,
      token_endpoint: `${url}/v1/oauth2/token`,
      revocation_endpoint: `${url}/v1/oauth2/revoke`,
      userinfo_endpoint: `${url}/v1/oauth2/userinfo`,
      scopes_supported: ["openid", "profile", "email", "metrics:read", "products:read"],
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      code_challenge_methods_supported: ["S256"],
    };
  };

  /** The sign-in page: a form that posts back to the same URL with the user to sign in as. */
  const authorize = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const redirectUri = url.searchParams.get("redirect_uri");
    if (url.searchParams.get("client_id") !== clientId || !redirectUri) {
      sendJson(response, 400, { error: "invalid_request" });
      return;
    }
    if (request.method !== "POST") {
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(
          `<form method="post" action="${escapeAttribute(url.pathname + url.search)}"><input name="user"><button>Allow</button></form>`,
        );
      return;
    }
    const user = (await readForm(request)).get("user");
    if (!user) {
      sendJson(response, 400, { error: "invalid_request" });
      return;
    }
    const code = secret("polar_ac_");
    const scopes = (url.searchParams.get("scope") ?? "").split(" ").filter(Boolean);
    codes.set(code, { user, scopes, redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state !== null) back.searchParams.set("state", state);
    response.writeHead(302, { location: back.href }).end();
  };

  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readForm(request);
    if (!clientAuthenticated(request, form)) return sendJson(response, 401, { error: "invalid_client" });
    if (form.get("grant_type") === "authorization_code") {
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!code || code.redirectUri !== form.get("redirect_uri"))
        return sendJson(response, 400, { error: "invalid_grant" });
      counts.codeExchanges++;
      return sendJson(response, 200, startSession(code.user, code.scopes));
    }
    if (form.get("grant_type") === "refresh_token") {
      const session = [...sessions].find((s) => s.refresh === form.get("refresh_token"));
      if (!session) return sendJson(response, 400, { error: "invalid_grant" });
      counts.refreshes++;
      sessions.delete(session);
      return sendJson(response, 200, startSession(session.user, session.scopes));
    }
    sendJson(response, 400, { error: "unsupported_grant_type" });
  };

  const revoke = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readForm(request);
    if (!clientAuthenticated(request, form)) return sendJson(response, 401, { error: "invalid_client" });
    const presented = form.get("token");
    for (const session of sessions) {
      if (session.access === presented || session.refresh === presented) {
        sessions.delete(session);
        counts.revocations++;
      }
    }
    sendJson(response, 200, {});
  };

  const oauth: FakePolarOAuthRoutes = {
    clientId,
    clientSecret,
    accessTokenLifetime: 3600,
    counts,
    storeOf,
    issuedTokens: () => [...issued],
    revokeUser(user) {
      for (const session of sessions) if (session.user === user) sessions.delete(session);
    },
    async handle(request, response, url) {
      const post = request.method === "POST";
      if (url.pathname === "/.well-known/openid-configuration") sendJson(response, 200, discovery());
      else if (url.pathname === "/oauth2/authorize") await authorize(request, response, url);
      else if (url.pathname === "/v1/oauth2/token" && post) await token(request, response);
      else if (url.pathname === "/v1/oauth2/revoke" && post) await revoke(request, response);
      else return false;
      return true;
    },
    userFor(accessToken) {
      const session = [...sessions].find((s) => s.access === accessToken && s.expiresAt > Date.now());
      return session && { store: storeOf(session.user), scopes: session.scopes };
    },
  };
  return oauth;
}
