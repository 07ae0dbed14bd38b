import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";

/** The MCP client's redirect URI; the test's browser stops there and never opens it. */
export const REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";

/** Keeps what the SDK client saves, in memory; the authorization URL is kept for the test's browser. */
export class InMemoryOAuthClient implements OAuthClientProvider {
  /** @param clientMetadataUrl where the client's metadata document is, to use it as the client_id */
  constructor(readonly clientMetadataUrl?: string) {}

  authorizationUrl: URL | undefined;
  private information: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = "";

  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "MCP test client",
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** Records every response body and header a client or browser sees, to check that no secret is in one. */
export function responseRecorder() {
  const seen: string[] = [];
  const record = (text: string, headers: Headers) => {
    seen.push(text, JSON.stringify([...headers]));
  };
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const contentType = response.headers.get("content-type") ?? "";
    // SSE responses stream; the JSON-RPC results inside them are checked through the client instead.
    if (!contentType.includes("text/event-stream")) record(await response.clone().text(), response.headers);
    else record("", response.headers);
    return response;
  };
  return { seen, record, fetch: recordingFetch };
}

/**
 * Plays the user's browser from the authorization URL to the client's redirect URI, e.g. with `browse`.
 * @param onResponse must see every response, for leak checks
 */
export type PlayBrowser = (
  authorizationUrl: URL,
  redirectUri: string,
  onResponse: (text: string, headers: Headers) => void,
) => Promise<URL>;

/**
 * The whole sign-in as a host does it: the SDK client meets a 401, discovers the metadata, registers and
 * sends the user to the authorization URL; `browser` plays the user (approves, signs in upstream); the
 * client finishes with the code and connects. With `clientMetadataUrl`, a server that supports client ID
 * metadata documents is given that URL as the client_id instead of a registration.
 * @param serverUrl the server's origin; the MCP endpoint is `/mcp` below it
 */
export async function signInWithSdk(
  serverUrl: string,
  browser: PlayBrowser,
  recorder = responseRecorder(),
  options: { clientMetadataUrl?: string } = {},
) {
  const provider = new InMemoryOAuthClient(options.clientMetadataUrl);
  const endpoint = new URL(`${serverUrl}/mcp`);
  const first = new StreamableHTTPClientTransport(endpoint, {
    authProvider: provider,
    fetch: recorder.fetch,
  });
  const refused = await new Client({ name: "sdk", version: "1" })
    .connect(first)
    .catch((error: unknown) => error);
  if (!(refused instanceof UnauthorizedError) || !provider.authorizationUrl) {
    throw new Error(`expected the first connection to ask for sign-in, got ${String(refused)}`);
  }
  const back = await browser(provider.authorizationUrl, REDIRECT_URI, recorder.record);
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`the sign-in came back without a code: ${back.search}`);
  await first.finishAuth(code);
  const client = new Client({ name: "sdk", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(endpoint, { authProvider: provider, fetch: recorder.fetch }),
  );
  return { client, provider, tokens: provider.tokens() as OAuthTokens };
}
