import { createHash, randomBytes } from "node:crypto";
import { browse } from "./browser.js";
import { REDIRECT_URI, responseRecorder, signInWithSdk } from "./oauth-client.js";
import { type HttpServerProcess, type ServerProcessOptions, startHttpServerProcess } from "./process.js";

/** A server bin started with `--oauth` against an upstream provider, with what its tests need. */
/** What {@link OAuthServerProcess.challengeFor} says for a token the server no longer accepts (a loopback server). */
export const INVALID_TOKEN_CHALLENGE =
  /^401 Bearer realm="mcp", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource", error="invalid_token"/;

export interface OAuthServerProcess extends HttpServerProcess {
  /** Every response body and header the SDK clients and the browser received. */
  recorder: ReturnType<typeof responseRecorder>;
  /**
   * The SDK client's whole sign-in; the test's browser approves the consent page and submits the
   * provider's sign-in form with `fill` (e.g. `{ username: "alice" }`).
   */
  signIn(fill: Record<string, string>): ReturnType<typeof signInWithSdk>;
  /** A request to `/mcp` with one of the server's access tokens, recorded, to see whether it is refused. */
  requestWith(accessToken: string | undefined): Promise<Response>;
  /**
   * The status and `WWW-Authenticate` challenge of {@link requestWith}'s answer, as one line (`401 Bearer
   * realm=…`), to match against {@link INVALID_TOKEN_CHALLENGE}.
   */
  challengeFor(accessToken: string | undefined): Promise<string>;
  /**
   * Plays the confused-deputy attack: an attacker registers a client, approves its consent page in their own
   * browser and hands the provider link it leads to to a victim, whose browser (with cookies of its own) signs
   * in at the provider with `fill`. Says where the victim's browser ended: at the attacker's redirect URI with a
   * code (the attack worked), or stopped with an error and the last page it was shown.
   */
  handOverSignIn(fill: Record<string, string>): Promise<HandedOverSignIn>;
  /** Which of `secrets` (and the app's client secret and encryption key) its stderr or any response holds. */
  leaked(secrets: readonly string[]): string[];
}

/** Where the victim's browser ended in {@link OAuthServerProcess.handOverSignIn}. */
export interface HandedOverSignIn {
  /** The authorization code delivered to the attacker's redirect URI, if the attack worked. */
  code?: string;
  /** Why the victim's browser stopped, when it did. */
  stopped?: string;
  /** The last page the victim's browser was shown. */
  lastPage: string;
}

/** The attacker's half: a registered client approved in the attacker's browser, up to the provider link. */
async function approvedProviderLink(serverUrl: string): Promise<URL> {
  const registered = await fetch(`${serverUrl}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "none" }),
  });
  const { client_id } = (await registered.json()) as { client_id: string };
  const authorize = new URL(`${serverUrl}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const page = await fetch(authorize);
  const consent = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!consent) throw new Error(`The attacker's /authorize gave no consent page (HTTP ${page.status}).`);
  const approved = await fetch(`${serverUrl}/oauth/consent`, {
    method: "POST",
    headers: {
      cookie: page.headers
        .getSetCookie()
        .map((line) => line.split(";")[0])
        .join("; "),
    },
    body: new URLSearchParams({ consent, decision: "approve" }),
    redirect: "manual",
  });
  const location = approved.headers.get("location");
  if (!location) throw new Error(`The attacker's approval was refused (HTTP ${approved.status}).`);
  return new URL(location);
}

/**
 * Starts a server bin over HTTP with `--oauth`, a random `TOKEN_ENCRYPTION_KEY` and the app's client
 * credentials at the upstream provider (usually a fake's).
 */
export async function startOAuthServerProcess(
  options: ServerProcessOptions & { clientId: string; clientSecret: string },
): Promise<OAuthServerProcess> {
  const encryptionKey = randomBytes(32).toString("base64");
  const recorder = responseRecorder();
  const server = await startHttpServerProcess({
    ...options,
    args: ["--oauth", ...(options.args ?? [])],
    env: {
      ...options.env,
      OAUTH_UPSTREAM_CLIENT_ID: options.clientId,
      OAUTH_UPSTREAM_CLIENT_SECRET: options.clientSecret,
      TOKEN_ENCRYPTION_KEY: encryptionKey,
    },
  });
  const requestWith = async (accessToken: string | undefined) => {
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(accessToken && { authorization: `Bearer ${accessToken}` }),
      },
      body: "{}",
    });
    recorder.record(await response.clone().text(), response.headers);
    return response;
  };
  return {
    ...server,
    recorder,
    signIn: (fill) =>
      signInWithSdk(
        server.url,
        (url, redirectUri, onResponse) => browse(url, redirectUri, { fill, onResponse }),
        recorder,
      ),
    async challengeFor(accessToken) {
      const response = await requestWith(accessToken);
      return `${response.status} ${response.headers.get("www-authenticate") ?? ""}`.trim();
    },
    requestWith,
    async handOverSignIn(fill) {
      const link = await approvedProviderLink(server.url);
      let lastPage = "";
      const onResponse = (text: string, headers: Headers) => {
        recorder.record(text, headers);
        lastPage = text;
      };
      try {
        const reached = await browse(link, REDIRECT_URI, { fill, onResponse });
        return { code: reached.searchParams.get("code") ?? undefined, lastPage };
      } catch (error) {
        return { stopped: (error as Error).message, lastPage };
      }
    },
    leaked(secrets) {
      const everything = [server.stderr(), ...recorder.seen].join("\n");
      return [...secrets, options.clientSecret, encryptionKey].filter((secret) =>
        everything.includes(secret),
      );
    },
  };
}
