import { randomBytes } from "node:crypto";
import { browse } from "./browser.js";
import { responseRecorder, signInWithSdk } from "./oauth-client.js";
import { type HttpServerProcess, type ServerProcessOptions, startHttpServerProcess } from "./process.js";

/** A server bin started with `--oauth` against an upstream provider, with what its tests need. */
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
  /** Which of `secrets` (and the app's client secret and encryption key) its stderr or any response holds. */
  leaked(secrets: readonly string[]): string[];
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
  return {
    ...server,
    recorder,
    signIn: (fill) =>
      signInWithSdk(
        server.url,
        (url, redirectUri, onResponse) => browse(url, redirectUri, { fill, onResponse }),
        recorder,
      ),
    async requestWith(accessToken) {
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
    },
    leaked(secrets) {
      const everything = [server.stderr(), ...recorder.seen].join("\n");
      return [...secrets, options.clientSecret, encryptionKey].filter((secret) =>
        everything.includes(secret),
      );
    },
  };
}
