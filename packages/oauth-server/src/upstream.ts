/** Tokens the upstream provider (Polar, Intervals.icu, …) issued for one user. */
export interface UpstreamTokens {
  accessToken: string;
  refreshToken?: string;
  /** Lifetime of the access token in seconds, when the provider says; absent means it does not expire. */
  expiresIn?: number;
}

/**
 * The provider a user signs in with. The server sends the user's browser to `authorizeUrl`, receives the
 * code at its callback and exchanges it; the resulting tokens stay on the server.
 */
export interface UpstreamOAuthProvider {
  /** Where to send the user's browser to sign in; `state` must come back unchanged to `redirectUri`. */
  authorizeUrl(state: string, redirectUri: string, scopes: readonly string[]): string | URL;
  /** @throws UpstreamRefusedError when the provider rejects the code */
  exchangeCode(code: string, redirectUri: string): Promise<UpstreamTokens>;
  /** @throws UpstreamRefusedError when the provider rejects the refresh token (revoked, expired) */
  refresh(refreshToken: string): Promise<UpstreamTokens>;
  /** Revokes a token at the provider, when it offers revocation. */
  revoke?(token: string): Promise<void>;
}

/** The upstream provider refused a code or token (`invalid_grant` and the like): the user must sign in again. */
export class UpstreamRefusedError extends Error {
  override name = "UpstreamRefusedError";
}

/** Endpoints and credentials of an OAuth 2.0 provider, for {@link createOAuth2Upstream}. */
export interface OAuth2UpstreamOptions {
  /** The provider's authorization endpoint, e.g. `https://intervals.icu/oauth/authorize`. */
  authorizationEndpoint: string;
  /** The provider's token endpoint, e.g. `https://intervals.icu/api/oauth/token`. */
  tokenEndpoint: string;
  /** RFC 7009 revocation endpoint, if the provider has one. */
  revocationEndpoint?: string;
  /** The app's client ID at the provider (`OAUTH_UPSTREAM_CLIENT_ID`). */
  clientId: string;
  /** The app's client secret at the provider (`OAUTH_UPSTREAM_CLIENT_SECRET`). */
  clientSecret: string;
  /** How the secret is sent to the token endpoint: form fields (`post`, the default) or HTTP Basic. */
  clientAuthentication?: "post" | "basic";
  /** What joins scopes in the authorize URL: a space (the standard, the default) or, for Intervals.icu, a comma. */
  scopeSeparator?: string;
  /** Extra query parameters for the authorize URL. */
  authorizeParams?: Record<string, string>;
  /** The fetch to use (tests, proxies). */
  fetch?: typeof fetch;
}

function tokensFrom(body: Record<string, unknown>): UpstreamTokens {
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new Error("The upstream token endpoint answered without an access_token.");
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
  };
}

/** A provider configured by its endpoints; works for any OAuth 2.0 provider with the authorization code flow. */
export function createOAuth2Upstream(options: OAuth2UpstreamOptions): UpstreamOAuthProvider {
  const fetchFn = options.fetch ?? fetch;
  const basic = options.clientAuthentication === "basic";

  const post = async (endpoint: string, params: Record<string, string>) => {
    const body = new URLSearchParams(params);
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    if (basic) {
      const pair = `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
    } else {
      body.set("client_id", options.clientId);
      body.set("client_secret", options.clientSecret);
    }
    return fetchFn(endpoint, { method: "POST", headers, body, signal: AbortSignal.timeout(15_000) });
  };

  const requestTokens = async (params: Record<string, string>) => {
    const response = await post(options.tokenEndpoint, params);
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return tokensFrom(body);
    const error = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
    if (response.status === 400 || response.status === 401) {
      throw new UpstreamRefusedError(`The upstream provider refused the grant (${error}).`);
    }
    throw new Error(`The upstream token endpoint failed (${error}); try again later.`);
  };

  return {
    authorizeUrl(state, redirectUri, scopes) {
      const url = new URL(options.authorizationEndpoint);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", options.clientId);
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("state", state);
      if (scopes.length > 0) url.searchParams.set("scope", scopes.join(options.scopeSeparator ?? " "));
      for (const [name, value] of Object.entries(options.authorizeParams ?? {}))
        url.searchParams.set(name, value);
      return url;
    },
    exchangeCode: (code, redirectUri) =>
      requestTokens({ grant_type: "authorization_code", code, redirect_uri: redirectUri }),
    refresh: (refreshToken) => requestTokens({ grant_type: "refresh_token", refresh_token: refreshToken }),
    revoke: options.revocationEndpoint
      ? async (token) => {
          await post(options.revocationEndpoint as string, { token });
        }
      : undefined,
  };
}

/** How discovery is retried at start-up: attempts in all, and the wait before the first retry (doubled each time). */
export interface DiscoveryRetry {
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  /** Milliseconds before the first retry, doubled before each next one (default 250: 0.25 s, 0.5 s, 1 s). */
  firstDelayMs?: number;
}

/** How long one discovery attempt may take, in milliseconds. */
const DISCOVERY_TIMEOUT_MS = 10_000;

/** Why a fetch failed, in a few words: the system's reason (ECONNREFUSED …), not undici's bare "fetch failed". */
function failureReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${DISCOVERY_TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const message = typeof cause?.message === "string" && cause.message ? cause.message : undefined;
  return message ?? code ?? (error instanceof Error ? error.message : String(error));
}

/** A discovery answer worth another try: the provider or the network may be back in a moment. */
class TransientDiscoveryError extends Error {}

/**
 * A provider configured from its OpenID Connect discovery document (`<issuer>/.well-known/openid-configuration`),
 * as Polar publishes one for production and one for its sandbox. Network failures, timeouts, 429 and 5xx answers
 * are retried with backoff (by default 4 attempts within about 2 s plus their timeouts).
 * @throws Error naming the document's URL and the cause when it cannot be fetched or lacks the endpoints
 */
export async function discoverOAuth2Upstream(
  issuer: string,
  options: Omit<OAuth2UpstreamOptions, "authorizationEndpoint" | "tokenEndpoint" | "revocationEndpoint"> & {
    retry?: DiscoveryRetry;
  },
): Promise<UpstreamOAuthProvider> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const attempts = Math.max(1, options.retry?.attempts ?? 4);
  const fetchFn = options.fetch ?? fetch;
  type Endpoints = Pick<
    OAuth2UpstreamOptions,
    "authorizationEndpoint" | "tokenEndpoint" | "revocationEndpoint"
  >;
  const readEndpoints = async (): Promise<Endpoints> => {
    let response: Response;
    try {
      response = await fetchFn(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    } catch (error) {
      throw new TransientDiscoveryError(failureReason(error));
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      throw new TransientDiscoveryError(`HTTP ${response.status}`);
    }
    const document = (response.ok ? await response.json().catch(() => undefined) : undefined) as
      | Record<string, unknown>
      | undefined;
    if (typeof document?.authorization_endpoint !== "string" || typeof document.token_endpoint !== "string") {
      throw new Error(
        `OpenID discovery at ${url} gave no authorization and token endpoints (HTTP ${response.status}); check the provider's address.`,
      );
    }
    const revocation = document.revocation_endpoint;
    return {
      authorizationEndpoint: document.authorization_endpoint,
      tokenEndpoint: document.token_endpoint,
      revocationEndpoint: typeof revocation === "string" ? revocation : undefined,
    };
  };

  let endpoints: Endpoints | undefined;
  for (let attempt = 1; !endpoints; attempt++) {
    try {
      endpoints = await readEndpoints();
    } catch (error) {
      if (!(error instanceof TransientDiscoveryError)) throw error;
      if (attempt >= attempts) {
        throw new Error(
          `OpenID discovery at ${url} failed after ${attempts} attempt${attempts === 1 ? "" : "s"} (${error.message}); check that the provider is reachable from this server.`,
        );
      }
      const delay = (options.retry?.firstDelayMs ?? 250) * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  const { retry: _retry, ...upstreamOptions } = options;
  return createOAuth2Upstream({ ...upstreamOptions, ...endpoints });
}
