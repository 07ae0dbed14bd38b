import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { browse } from "./browser.js";

/** A local stand-in for an upstream OAuth provider (Polar, Intervals.icu): sign-in page, tokens, an API. */
export interface FakeOAuthProvider {
  /** Its base URL; OpenID discovery is at `/.well-known/openid-configuration`. */
  url: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** Lifetime in seconds of the access tokens it issues from now on (default 3600). */
  accessTokenLifetime: number;
  /** How many code exchanges, refreshes and revocations it answered. */
  readonly counts: { codeExchanges: number; refreshes: number; revocations: number };
  /** The access token the provider currently accepts for a user; compare fingerprints, never print it. */
  accessTokenOf(user: string): string | undefined;
  /** Every access and refresh token it issued, to check that none leaks. */
  issuedTokens(): string[];
  /** Revokes all of a user's tokens, as when the user disconnects the app at the provider. */
  revokeUser(user: string): void;
  /**
   * Plays the user's browser: follows redirects from `start`, approves the server's consent page, signs in
   * as `user` on the provider's page, and returns the first URL that begins with `until` (the MCP client's
   * redirect URI) without opening it.
   * @param onResponse sees each response the browser receives (for leak checks)
   */
  signIn(
    start: URL | string,
    user: string,
    until: string,
    onResponse?: (text: string, headers: Headers) => void,
  ): Promise<URL>;
  close(): Promise<void>;
}

interface Session {
  user: string;
  access: string;
  refresh: string;
}

const token = (kind: string) => `fake-${kind}-${randomBytes(18).toString("base64url")}`;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Starts a fake OAuth 2.0 provider on a random loopback port. Its client secret is a fixed fake value; any
 * username signs in, and `/api/me` answers with the user a bearer token belongs to (401 once revoked).
 */
export async function startFakeOAuthProvider(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<FakeOAuthProvider> {
  const clientId = options.clientId ?? "fake-upstream-client";
  const clientSecret = options.clientSecret ?? "fake-upstream-secret-not-real";
  const requests = new Map<string, { redirectUri: string; state: string }>();
  const codes = new Map<string, { user: string; redirectUri: string }>();
  const sessions = new Set<Session>();
  const issued: string[] = [];
  const counts = { codeExchanges: 0, refreshes: 0, revocations: 0 };
  let url = "";

  const startSession = (user: string): Record<string, unknown> => {
    const session = { user, access: token("access"), refresh: token("refresh") };
    sessions.add(session);
    issued.push(session.access, session.refresh);
    return {
      access_token: session.access,
      refresh_token: session.refresh,
      token_type: "Bearer",
      expires_in: provider.accessTokenLifetime,
    };
  };
  const find = (match: (session: Session) => boolean) => [...sessions].find(match);

  const clientAuthenticated = (req: IncomingMessage, form: URLSearchParams) => {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    const [id, secret] = basic?.[1]
      ? Buffer.from(basic[1], "base64").toString().split(":").map(decodeURIComponent)
      : [form.get("client_id"), form.get("client_secret")];
    return id === clientId && secret === clientSecret;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = new URL(req.url ?? "/", url);
    if (at.pathname === "/.well-known/openid-configuration") {
      send(res, 200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        revocation_endpoint: `${url}/revoke`,
      });
    } else if (at.pathname === "/authorize" && req.method === "GET") {
      const redirectUri = at.searchParams.get("redirect_uri");
      if (at.searchParams.get("client_id") !== clientId || !redirectUri) {
        send(res, 400, { error: "invalid_request" });
        return;
      }
      const id = randomBytes(8).toString("hex");
      requests.set(id, { redirectUri, state: at.searchParams.get("state") ?? "" });
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          `<form method="post" action="/login?request=${id}"><input name="username"><button>Sign in</button></form>`,
        );
    } else if (at.pathname === "/login" && req.method === "POST") {
      const request = requests.get(at.searchParams.get("request") ?? "");
      const user = (await formOf(req)).get("username");
      if (!request || !user) {
        send(res, 400, { error: "invalid_request" });
        return;
      }
      requests.delete(at.searchParams.get("request") ?? "");
      const code = token("code");
      codes.set(code, { user, redirectUri: request.redirectUri });
      const back = new URL(request.redirectUri);
      back.searchParams.set("code", code);
      back.searchParams.set("state", request.state);
      res.writeHead(302, { location: back.href }).end();
    } else if (at.pathname === "/token" && req.method === "POST") {
      const form = await formOf(req);
      if (!clientAuthenticated(req, form)) {
        send(res, 401, { error: "invalid_client" });
      } else if (form.get("grant_type") === "authorization_code") {
        const code = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (!code || code.redirectUri !== form.get("redirect_uri"))
          send(res, 400, { error: "invalid_grant" });
        else {
          counts.codeExchanges++;
          send(res, 200, startSession(code.user));
        }
      } else if (form.get("grant_type") === "refresh_token") {
        const session = find((s) => s.refresh === form.get("refresh_token"));
        if (!session) send(res, 400, { error: "invalid_grant" });
        else {
          counts.refreshes++;
          sessions.delete(session);
          send(res, 200, startSession(session.user));
        }
      } else send(res, 400, { error: "unsupported_grant_type" });
    } else if (at.pathname === "/revoke" && req.method === "POST") {
      const form = await formOf(req);
      const session = find((s) => s.refresh === form.get("token") || s.access === form.get("token"));
      if (session) {
        counts.revocations++;
        sessions.delete(session);
      }
      send(res, 200, {});
    } else if (at.pathname === "/api/me") {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const session = find((s) => s.access === bearer);
      if (session) send(res, 200, { user: session.user });
      else send(res, 401, { error: "invalid_token" });
    } else send(res, 404, { error: "not_found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: "server_error" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider: FakeOAuthProvider = {
    url,
    authorizationEndpoint: `${url}/authorize`,
    tokenEndpoint: `${url}/token`,
    revocationEndpoint: `${url}/revoke`,
    clientId,
    clientSecret,
    accessTokenLifetime: 3600,
    counts,
    accessTokenOf: (user) => find((s) => s.user === user)?.access,
    issuedTokens: () => [...issued],
    revokeUser(user) {
      for (const session of sessions) if (session.user === user) sessions.delete(session);
    },
    signIn: (start, user, until, onResponse) =>
      browse(start, until, { fill: { username: user }, onResponse }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return provider;
}
