import { createHash, randomBytes, randomUUID } from "node:crypto";
// Through the namespace: SDKs before 1.24 lack it, and a named import would stop the whole package at import
// instead of letting registration name the versions (peer-check.ts).
import * as sdkAuthErrors from "@modelcontextprotocol/sdk/server/auth/errors.js";
import {
  InvalidClientError,
  InvalidClientMetadataError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidTokenError,
  TooManyRequestsError,
  UnsupportedGrantTypeError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import {
  type OAuthClientInformationFull,
  OAuthClientMetadataSchema,
  type OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { BINDING_SECONDS, bindingCookieValue, CALLBACK_PATH } from "./browser-binding.js";
import {
  type FetchClientMetadata,
  isClientMetadataUrl,
  loadClientMetadataDocument,
  looksLikeUrl,
} from "./client-metadata.js";
import { createClientMetadataFetch } from "./client-metadata-fetch.js";
import { createGrantStore, type Grant, type UpstreamSession } from "./grants.js";
import type { Logger } from "./log.js";
import { isS256Challenge, verifiesS256 } from "./pkce.js";
import { isAcceptableRedirectUri, REDIRECT_URI_RULE } from "./redirect-uri.js";
import { sameSecret } from "./same-secret.js";
import type { TokenCipher } from "./token-cipher.js";
import type { TokenStore } from "./token-store.js";
import { type UpstreamOAuthProvider, UpstreamRefusedError, type UpstreamTokens } from "./upstream.js";

/** How long things live, in seconds. A registered client that has not completed a sign-in lasts a day. */
const UNUSED_CLIENT_SECONDS = 24 * 3600;
const PENDING_SECONDS = BINDING_SECONDS;
const CODE_SECONDS = 5 * 60;
const DEFAULT_ACCESS_SECONDS = 3600;
const DEFAULT_REFRESH_SECONDS = 30 * 24 * 3600;
/** An upstream token this close to expiry is refreshed before use. */
const EXPIRY_SKEW_SECONDS = 30;
/** The most registered clients kept at once, by default; registration is refused beyond it. */
export const DEFAULT_MAX_REGISTERED_CLIENTS = 5_000;

export interface AuthorizationServerOptions {
  /** This server's public origin, e.g. `https://intervals-mcp.example.com`: the issuer and the tokens' audience. */
  issuer: string;
  upstream: UpstreamOAuthProvider;
  /** Scopes asked of the upstream provider at sign-in. */
  scopes: readonly string[];
  store: TokenStore;
  cipher: TokenCipher;
  log: Logger;
  /** Lifetime of the access tokens this server issues, in seconds (default 3600). */
  accessTokenSeconds?: number;
  /** Lifetime of its refresh tokens and of a sign-in left unused, in seconds (default 30 days). */
  refreshTokenSeconds?: number;
  /** How client metadata documents are fetched (default: https to public addresses only, no redirects). */
  fetchClientMetadata?: FetchClientMetadata;
  /** Tests only: accept `http://` client_id URLs on a loopback host and fetch documents from loopback. */
  allowLoopbackClientMetadata?: boolean;
  /** The most registered clients kept at once (default 5000); `/register` answers 429 beyond it. */
  maxRegisteredClients?: number;
}

/** How long a client metadata document is used before it is fetched again, and how many are kept. */
const METADATA_DOCUMENT_MS = 5 * 60_000;
const MAX_METADATA_DOCUMENTS = 1_000;

/** Who a valid access token belongs to, and that user's upstream access token for the tools. */
export interface SignedInUser {
  grantId: string;
  clientId: string;
  scopes: string[];
  /** When the server's access token expires, in seconds since the epoch. */
  expiresAt: number;
  upstreamAccessToken: string;
}

/** A valid authorization request waiting for the user's approval, for the consent page. */
export interface ConsentRequest {
  /** The one-time token the page's form posts back. */
  token: string;
  /** The secret for the consent cookie, which binds the token to this browser. */
  browserSecret: string;
  /** The name the client registered itself with, if any; not verified by anyone. */
  clientName?: string;
  /** For a client identified by a metadata document, the host that served it: the one verified fact. */
  clientHost?: string;
  redirectUri: string;
  /** The host of the upstream sign-in page, e.g. `intervals.icu`. */
  upstreamHost: string;
}

/**
 * A sign-in step refused in the user's browser, which is shown a page rather than redirected: the client or
 * redirect URI is unknown, the step came from another browser, or (with `backToClient`) the request is invalid.
 */
export class UnredirectableAuthorizeError extends Error {
  override name = "UnredirectableAuthorizeError";
  /**
   * @param details.error the OAuth error code (default `invalid_request`)
   * @param details.backToClient the client's registered redirect URI carrying the error, offered as a link to
   *   follow, never as an automatic redirect: any web origin can register a client, so redirecting on errors
   *   before the user has done anything would make this server an open redirector (RFC 9700, section 4.11.2)
   */
  constructor(
    message: string,
    readonly details: { error?: string; backToClient?: string } = {},
  ) {
    super(message);
  }
}

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  scopes: string[];
}

/** An authorization request waiting for the user's approval, bound to the browser that was asked. */
interface PendingConsent {
  pending: PendingAuthorization;
  /** Hash of the secret in the consent cookie. */
  browser: string;
}

/** An approved request waiting for the provider's callback, bound to the browser that approved it. */
interface PendingSignIn {
  pending: PendingAuthorization;
  /** Hash of the secret in the sign-in cookie. */
  browser: string;
}

/** Where the consent page's answer sends the browser, and the cookie that binds the sign-in to it. */
export interface ConsentDecision {
  location: string;
  /** On approval: the upstream state and the secret the callback will expect in the browser's cookie. */
  signIn?: { state: string; browserSecret: string };
}

interface IssuedCode extends PendingAuthorization {
  /** The upstream session, sealed under the code's key until the client redeems it. */
  upstream: string;
}

/** A redeemed code, remembered for as long as it could have been valid, so that its replay ends its grant. */
interface UsedCode {
  grantId: string;
}

interface TokenRecord {
  grantId: string;
  clientId: string;
  scopes: string[];
  resource: string;
  expiresAt: number;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const newSecret = () => randomBytes(32).toString("base64url");
/** Tokens and codes are stored under their hash, so a copy of the store holds nothing a client could present. */
const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url");
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * The client id and secret of an HTTP Basic header's value (RFC 6749 section 2.3.1: each form-encoded, joined by
 * a colon, in base64).
 * @throws InvalidClientError when it is not such a pair, so a garbled header is a 401, not a server error
 */
function parseBasicCredentials(encoded: string): { clientId: string; secret: string } {
  const malformed = () =>
    new InvalidClientError(
      "The Authorization header is not valid Basic client authentication: send base64(client_id:client_secret), each URL-encoded.",
    );
  const value = encoded.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw malformed();
  const pair = Buffer.from(value, "base64").toString("utf8");
  const colon = pair.indexOf(":");
  if (colon < 1) throw malformed();
  try {
    const decode = (part: string) => decodeURIComponent(part.replaceAll("+", " "));
    return { clientId: decode(pair.slice(0, colon)), secret: decode(pair.slice(colon + 1)) };
  } catch {
    throw malformed();
  }
}

/** The grant a refresh token of this server names (`<grant id>.<secret>`); any other string names none. */
const grantIdOf = (refreshToken: string) =>
  /^([\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})\.[\w-]{43}$/.exec(refreshToken)?.[1];

function sessionFrom(tokens: UpstreamTokens, previous?: UpstreamSession): UpstreamSession {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? previous?.refreshToken,
    expiresAt: tokens.expiresIn === undefined ? undefined : nowSeconds() + tokens.expiresIn,
  };
}

/**
 * The server as its own OAuth 2.1 authorization server towards MCP clients (dynamic registration,
 * authorization code with S256 PKCE, rotating refresh tokens, revocation), with the user's sign-in delegated
 * to the upstream provider. It issues opaque tokens of its own; the upstream tokens never leave the server.
 */
export function createAuthorizationServer(options: AuthorizationServerOptions) {
  const { store, cipher, upstream, log } = options;
  const issuer = withoutTrailingSlash(options.issuer);
  const resource = issuer;
  const callbackUrl = `${issuer}${CALLBACK_PATH}`;
  const accessSeconds = options.accessTokenSeconds ?? DEFAULT_ACCESS_SECONDS;
  const refreshSeconds = options.refreshTokenSeconds ?? DEFAULT_REFRESH_SECONDS;
  const grants = createGrantStore(store, cipher);
  /** The client's redirect URI with the response fields, its state and this issuer (RFC 9207). */
  const backToClient = (redirectUri: string, state: string | undefined, fields: Record<string, string>) => {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
    if (state !== undefined) url.searchParams.set("state", state);
    url.searchParams.set("iss", issuer);
    return url.href;
  };
  const refreshing = new Map<string, Promise<string>>();

  const readJson = async <T>(key: string, take = false): Promise<T | undefined> => {
    const text = take ? await store.take(key) : await store.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  };
  const allowLoopbackDocuments = options.allowLoopbackClientMetadata === true;
  const fetchDocument =
    options.fetchClientMetadata ?? createClientMetadataFetch({ allowLoopback: allowLoopbackDocuments });
  const documents = new Map<string, { client: OAuthClientInformationFull; until: number }>();
  /**
   * A registered client, or one identified by the URL of its metadata document (fetched, checked and kept
   * for a few minutes); `undefined` for an unknown registered id.
   * @throws InvalidClientError when a client_id URL is not usable or its document cannot be read or accepted
   */
  const getClient = async (clientId: string) => {
    if (!isClientMetadataUrl(clientId, allowLoopbackDocuments)) {
      if (looksLikeUrl(clientId)) {
        throw new InvalidClientError(
          "A client_id URL must be an https URL with a path, written in normal form (such as https://client.example/oauth/client.json), pointing at the client's metadata document.",
        );
      }
      return readJson<OAuthClientInformationFull>(`client:${clientId}`);
    }
    const kept = documents.get(clientId);
    if (kept && kept.until > Date.now()) return kept.client;
    const client = await loadClientMetadataDocument(clientId, fetchDocument, isAcceptableRedirectUri);
    documents.delete(clientId);
    const oldest = documents.keys().next();
    if (documents.size >= MAX_METADATA_DOCUMENTS && !oldest.done) documents.delete(oldest.value);
    documents.set(clientId, { client, until: Date.now() + METADATA_DOCUMENT_MS });
    return client;
  };

  const checkResource = (requested: string | null) => {
    if (requested !== null && withoutTrailingSlash(requested) !== resource) {
      throw new sdkAuthErrors.InvalidTargetError(
        `This server issues tokens only for the resource ${resource}.`,
      );
    }
  };

  /** Client authentication at the token and revocation endpoints: none for public clients, else the secret. */
  const authenticateClient = async (params: URLSearchParams, authorization: string | undefined) => {
    let clientId = params.get("client_id") ?? undefined;
    let secret = params.get("client_secret") ?? undefined;
    const basic = /^Basic\s+(.*)$/i.exec(authorization ?? "");
    if (basic) ({ clientId, secret } = parseBasicCredentials(basic[1] ?? ""));
    const client = clientId ? await getClient(clientId) : undefined;
    if (!client) throw new InvalidClientError("Unknown client_id; register the client again.");
    if (client.client_secret && !(secret && sameSecret(secret, client.client_secret))) {
      throw new InvalidClientError("The client secret is missing or wrong.");
    }
    return client;
  };

  const issueTokens = async (grant: Grant): Promise<OAuthTokens> => {
    const accessToken = newSecret();
    // The grant's id travels in its refresh tokens, so that a rotated one, no longer stored, still names the
    // family its replay must end; the id is random and known only to the holders of that family's tokens.
    const refreshToken = `${grant.id}.${newSecret()}`;
    const base = {
      grantId: grant.id,
      clientId: grant.clientId,
      scopes: grant.scopes,
      resource: grant.resource,
    };
    const access: TokenRecord = { ...base, expiresAt: nowSeconds() + accessSeconds };
    const refresh: TokenRecord = { ...base, expiresAt: nowSeconds() + refreshSeconds };
    await store.set(`access:${digest(accessToken)}`, JSON.stringify(access), accessSeconds);
    await store.set(`refresh:${digest(refreshToken)}`, JSON.stringify(refresh), refreshSeconds);
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: accessSeconds,
      refresh_token: refreshToken,
      ...(grant.scopes.length > 0 && { scope: grant.scopes.join(" ") }),
    };
  };

  const refreshUpstream = async (grant: Grant, session: UpstreamSession): Promise<string> => {
    if (!session.refreshToken) {
      await grants.forget(grant.id);
      throw new InvalidTokenError("The sign-in with the upstream provider has expired; sign in again.");
    }
    try {
      const fresh = await upstream.refresh(session.refreshToken);
      const next = sessionFrom(fresh, session);
      await grants.update(grant, { session: next });
      return next.accessToken;
    } catch (error) {
      if (!(error instanceof UpstreamRefusedError)) throw error;
      // Another replica may have refreshed first and so spent the refresh token: use its result.
      const current = await grants.load(grant.id);
      if (current && current.upstream !== grant.upstream) {
        const session = grants.session(current);
        if (!session.expiresAt || session.expiresAt > nowSeconds()) return session.accessToken;
      }
      await grants.forget(grant.id);
      log.info("forgot a sign-in that the upstream provider refused", { client: grant.clientId });
      throw new InvalidTokenError("The upstream provider no longer accepts this sign-in; sign in again.");
    }
  };

  const upstreamAccessToken = async (grant: Grant): Promise<string> => {
    const session = grants.session(grant);
    if (session.expiresAt === undefined || session.expiresAt - EXPIRY_SKEW_SECONDS > nowSeconds()) {
      return session.accessToken;
    }
    const running = refreshing.get(grant.id);
    if (running) return running;
    const refresh = refreshUpstream(grant, session).finally(() => refreshing.delete(grant.id));
    refreshing.set(grant.id, refresh);
    return refresh;
  };

  /**
   * The scopes an authorization request is granted: those asked for that the server has (the scopes it asks of
   * the upstream provider), or all of them when none of those is asked for, as the upstream sign-in grants all
   * of them anyway. Others are dropped, never echoed (RFC 6749, section 3.3, lets the server ignore them):
   * hosts add scopes of their own, such as `offline_access` or `claudeai`, and refusing them would stop their
   * sign-in.
   */
  const grantedScopes = (requested: string | null): string[] => {
    const asked = new Set((requested ?? "").split(" "));
    const known = options.scopes.filter((scope) => asked.has(scope));
    return known.length > 0 ? known : [...options.scopes];
  };

  const maxClients = options.maxRegisteredClients ?? DEFAULT_MAX_REGISTERED_CLIENTS;
  /**
   * Stores a registered client in the bounded group of clients, for `seconds` from now: a day until it first
   * completes a sign-in, then as long as a refresh token lives, renewed by each use.
   * @returns false when the registry is full
   */
  const keepClient = async (client: OAuthClientInformationFull, seconds: number): Promise<boolean> => {
    const key = `client:${client.client_id}`;
    const value = JSON.stringify(client);
    if (!store.setInGroup) {
      await store.set(key, value, seconds);
      return true;
    }
    return store.setInGroup("clients", key, value, seconds, maxClients);
  };
  /** A registered client in use stays as long as the tokens it holds; a metadata-document client is not stored. */
  const clientUsed = async (client: OAuthClientInformationFull) => {
    if (!isClientMetadataUrl(client.client_id, allowLoopbackDocuments))
      await keepClient(client, refreshSeconds);
  };

  /** Ends a sign-in: every token issued from the grant stops working, and the upstream tokens are revoked. */
  const endGrant = async (grant: Grant) => {
    await grants.forget(grant.id);
    const session = grants.session(grant);
    await upstream.revoke?.(session.refreshToken ?? session.accessToken).catch((error: unknown) =>
      log.warn("the upstream provider did not confirm a revocation", {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  };

  /**
   * A spent code or rotated refresh token came back, from the client it was issued to: whoever holds it is not
   * alone, so the family (the grant and every token issued from it) ends.
   */
  const endReplayedFamily = async (
    grantId: string | undefined,
    clientId: string,
    kind: "code" | "refresh",
  ) => {
    const grant = grantId ? await grants.load(grantId) : undefined;
    if (!grant || grant.clientId !== clientId) return;
    await endGrant(grant);
    log.warn(
      kind === "code"
        ? "an authorization code was redeemed twice: ended the sign-in it started"
        : "a rotated refresh token was used again: ended its sign-in",
      { client: clientId },
    );
  };

  return {
    issuer,
    resource,
    callbackUrl,
    /** The scopes this server grants (`scopes_supported`): the ones it asks of the upstream provider. */
    scopes: options.scopes,

    /** RFC 7591 dynamic client registration. */
    async registerClient(body: unknown): Promise<OAuthClientInformationFull> {
      const parsed = OAuthClientMetadataSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InvalidClientMetadataError(
          `Invalid client metadata: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "not an object"}.`,
        );
      }
      const metadata = parsed.data;
      if (metadata.redirect_uris.length === 0 || !metadata.redirect_uris.every(isAcceptableRedirectUri)) {
        throw new InvalidClientMetadataError(`redirect_uris must list ${REDIRECT_URI_RULE}.`);
      }
      const method = metadata.token_endpoint_auth_method ?? "client_secret_basic";
      if (!["none", "client_secret_post", "client_secret_basic"].includes(method)) {
        throw new InvalidClientMetadataError(
          "token_endpoint_auth_method must be none, client_secret_post or client_secret_basic.",
        );
      }
      const client: OAuthClientInformationFull = {
        ...metadata,
        token_endpoint_auth_method: method,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        client_id: randomUUID(),
        client_id_issued_at: nowSeconds(),
        ...(method !== "none" && { client_secret: newSecret(), client_secret_expires_at: 0 }),
      };
      if (!(await keepClient(client, UNUSED_CLIENT_SECONDS))) {
        log.warn("refused a client registration: the registry is full", { max: maxClients });
        throw new TooManyRequestsError(
          `This server already holds its maximum of ${maxClients} registered clients; unused ones are forgotten within a day, so try again later, or identify the client by a metadata document URL instead.`,
        );
      }
      log.info("registered an OAuth client", { client: client.client_id, name: client.client_name });
      return client;
    },

    /**
     * Checks an authorization request. A valid one is kept for the user's approval, which the consent page
     * asks for.
     * @throws UnredirectableAuthorizeError when the request is invalid: with no way back when the client or
     *   redirect URI is unknown, else with a link back to the client carrying the error
     */
    async authorize(params: URLSearchParams): Promise<ConsentRequest> {
      const clientId = params.get("client_id") ?? "";
      const client = clientId
        ? await getClient(clientId).catch((error: unknown) => {
            if (error instanceof InvalidClientError) throw new UnredirectableAuthorizeError(error.message);
            throw error;
          })
        : undefined;
      if (!client) throw new UnredirectableAuthorizeError("Unknown client_id; register the client first.");
      const redirectUri = params.get("redirect_uri") ?? "";
      if (!client.redirect_uris.includes(redirectUri)) {
        throw new UnredirectableAuthorizeError(
          "redirect_uri is not one of the client's registered redirect URIs.",
        );
      }
      const state = params.get("state") ?? undefined;
      const refusal = (error: string, description: string) =>
        new UnredirectableAuthorizeError(description, {
          error,
          backToClient: backToClient(redirectUri, state, { error, error_description: description }),
        });
      if (params.get("response_type") !== "code") {
        throw refusal("unsupported_response_type", "Only response_type=code is supported.");
      }
      const codeChallenge = params.get("code_challenge") ?? "";
      if (params.get("code_challenge_method") !== "S256" || !isS256Challenge(codeChallenge)) {
        throw refusal(
          "invalid_request",
          "PKCE is required: send code_challenge with code_challenge_method=S256.",
        );
      }
      const requested = params.get("resource");
      if (requested !== null && withoutTrailingSlash(requested) !== resource) {
        throw refusal("invalid_target", `This server issues tokens only for the resource ${resource}.`);
      }
      const pending: PendingAuthorization = {
        clientId,
        redirectUri,
        codeChallenge,
        state,
        scopes: grantedScopes(params.get("scope")),
      };
      // Always asked (no remembered approvals): without a user session, a remembered client_id would let
      // anyone who registered that client skip the question.
      const token = newSecret();
      const browserSecret = newSecret();
      const consent: PendingConsent = { pending, browser: digest(browserSecret) };
      await store.set(`consent:${digest(token)}`, JSON.stringify(consent), PENDING_SECONDS);
      return {
        token,
        browserSecret,
        clientName: client.client_name,
        ...(isClientMetadataUrl(clientId, allowLoopbackDocuments) && {
          clientHost: new URL(clientId).host,
        }),
        redirectUri,
        upstreamHost: new URL(upstream.authorizeUrl("", callbackUrl, options.scopes)).host,
      };
    },

    /**
     * The user's answer on the consent page: on approval, where the upstream sign-in starts; on denial, back
     * to the client with `access_denied`. The token works once, and only with the cookie set with the page.
     * @throws UnredirectableAuthorizeError when the token is unknown, used, expired or from another browser
     */
    async decide(params: URLSearchParams, cookies: string | undefined): Promise<ConsentDecision> {
      const token = params.get("consent") ?? "";
      const consent = token ? await readJson<PendingConsent>(`consent:${digest(token)}`, true) : undefined;
      const browserSecret = bindingCookieValue(cookies, "consent", token);
      if (!consent || !browserSecret || !sameSecret(digest(browserSecret), consent.browser)) {
        throw new UnredirectableAuthorizeError(
          "This approval is unknown, already used, expired or was sent from another browser; start again from your MCP client.",
        );
      }
      const { pending } = consent;
      if (params.get("decision") !== "approve") {
        log.info("a user denied an OAuth client", { client: pending.clientId });
        return {
          location: backToClient(pending.redirectUri, pending.state, {
            error: "access_denied",
            error_description: "The user denied the request.",
          }),
        };
      }
      const upstreamState = newSecret();
      const signInSecret = newSecret();
      const signIn: PendingSignIn = { pending, browser: digest(signInSecret) };
      await store.set(`pending:${digest(upstreamState)}`, JSON.stringify(signIn), PENDING_SECONDS);
      return {
        location: String(upstream.authorizeUrl(upstreamState, callbackUrl, options.scopes)),
        signIn: { state: upstreamState, browserSecret: signInSecret },
      };
    },

    /**
     * The upstream provider's redirect after the user signed in: exchanges its code and sends the browser
     * back to the MCP client with a code of this server's own. Only the browser that approved the consent
     * page gets there: the state is taken at the first arrival, so a refused one cannot be retried.
     * @throws UnredirectableAuthorizeError when the state is unknown or expired, or the browser is not the one
     *   that approved (no upstream code is exchanged and no code issued)
     */
    async completeSignIn(params: URLSearchParams, cookies: string | undefined): Promise<string> {
      const upstreamState = params.get("state") ?? "";
      const signIn = upstreamState
        ? await readJson<PendingSignIn>(`pending:${digest(upstreamState)}`, true)
        : undefined;
      if (!signIn) {
        throw new UnredirectableAuthorizeError(
          "This sign-in link is unknown or has expired; start again from your MCP client.",
        );
      }
      const browserSecret = bindingCookieValue(cookies, "callback", upstreamState);
      // A pending sign-in without a binding (stored before binding existed) is refused like a foreign browser.
      if (
        !browserSecret ||
        typeof signIn.browser !== "string" ||
        !sameSecret(digest(browserSecret), signIn.browser)
      ) {
        log.warn("refused a provider callback from a browser that did not approve the client", {
          client: signIn.pending?.clientId,
        });
        throw new UnredirectableAuthorizeError(
          "This sign-in was approved in another browser, so it cannot finish in this one; to connect an MCP client, start from that client.",
        );
      }
      const { pending } = signIn;
      const url = new URL(pending.redirectUri);
      if (pending.state !== undefined) url.searchParams.set("state", pending.state);
      url.searchParams.set("iss", issuer);
      const upstreamCode = params.get("code");
      if (!upstreamCode) {
        url.searchParams.set("error", "access_denied");
        url.searchParams.set(
          "error_description",
          "The sign-in with the upstream provider was not completed.",
        );
        return url.href;
      }
      let tokens: UpstreamTokens;
      try {
        tokens = await upstream.exchangeCode(upstreamCode, callbackUrl);
      } catch (error) {
        log.warn("the upstream provider did not accept a sign-in", {
          error: error instanceof Error ? error.message : String(error),
        });
        url.searchParams.set(
          "error",
          error instanceof UpstreamRefusedError ? "access_denied" : "server_error",
        );
        url.searchParams.set(
          "error_description",
          "The upstream provider did not accept the sign-in; try again.",
        );
        return url.href;
      }
      const code = newSecret();
      const key = `code:${digest(code)}`;
      const issued: IssuedCode = {
        ...pending,
        upstream: cipher.seal(JSON.stringify(sessionFrom(tokens)), key),
      };
      await store.set(key, JSON.stringify(issued), CODE_SECONDS);
      url.searchParams.set("code", code);
      return url.href;
    },

    /** The token endpoint: `authorization_code` (with the PKCE verifier) and `refresh_token` grants. */
    async token(params: URLSearchParams, authorization: string | undefined): Promise<OAuthTokens> {
      const client = await authenticateClient(params, authorization);
      checkResource(params.get("resource"));
      const grantType = params.get("grant_type");
      if (grantType === "authorization_code") {
        const code = params.get("code") ?? "";
        const verifier = params.get("code_verifier") ?? "";
        if (!code || !verifier) throw new InvalidRequestError("code and code_verifier are required.");
        const key = `code:${digest(code)}`;
        // Another client's code is refused untouched; the client's own is taken before any other check, so
        // a code gets one attempt and a wrong verifier cannot be retried.
        const seen = await readJson<IssuedCode>(key);
        const issued =
          seen && seen.clientId === client.client_id ? await readJson<IssuedCode>(key, true) : undefined;
        if (!issued) {
          if (!seen) {
            const used = await readJson<UsedCode>(`used-code:${digest(code)}`);
            await endReplayedFamily(used?.grantId, client.client_id, "code");
          }
          throw new InvalidGrantError("The authorization code is unknown, expired or already used.");
        }
        if (params.get("redirect_uri") !== issued.redirectUri) {
          throw new InvalidGrantError(
            "redirect_uri does not match the one used in the authorization request.",
          );
        }
        if (!verifiesS256(verifier, issued.codeChallenge)) {
          throw new InvalidGrantError("The code_verifier does not match the code_challenge.");
        }
        const session = JSON.parse(cipher.open(issued.upstream, key)) as UpstreamSession;
        const grant = await grants.create(
          {
            clientId: client.client_id,
            scopes: issued.scopes,
            resource,
            expiresAt: nowSeconds() + refreshSeconds,
          },
          session,
        );
        // A second redemption of this code means it leaked: remembered for as long as the code could be valid.
        const used: UsedCode = { grantId: grant.id };
        await store.set(`used-code:${digest(code)}`, JSON.stringify(used), CODE_SECONDS);
        log.info("a user signed in", { client: client.client_id });
        await clientUsed(client);
        return issueTokens(grant);
      }
      if (grantType === "refresh_token") {
        const refreshToken = params.get("refresh_token") ?? "";
        if (!refreshToken) throw new InvalidRequestError("refresh_token is required.");
        const key = `refresh:${digest(refreshToken)}`;
        // Checked before it is taken, so another client presenting it does not spend it.
        const seen = await readJson<TokenRecord>(key);
        const record =
          seen && seen.clientId === client.client_id ? await readJson<TokenRecord>(key, true) : undefined;
        const grant = record && record.resource === resource ? await grants.load(record.grantId) : undefined;
        if (!record || !grant) {
          if (!seen) await endReplayedFamily(grantIdOf(refreshToken), client.client_id, "refresh");
          throw new InvalidGrantError(
            "The refresh token is unknown, expired, revoked or for another client.",
          );
        }
        await clientUsed(client);
        return issueTokens(await grants.update(grant, { expiresAt: nowSeconds() + refreshSeconds }));
      }
      throw new UnsupportedGrantTypeError("grant_type must be authorization_code or refresh_token.");
    },

    /** RFC 7009: revoking a refresh token ends the whole sign-in, upstream too; an access token just that token. */
    async revoke(params: URLSearchParams, authorization: string | undefined): Promise<void> {
      const client = await authenticateClient(params, authorization);
      const token = params.get("token");
      if (!token) throw new InvalidRequestError("token is required.");
      await store.delete(`access:${digest(token)}`);
      const key = `refresh:${digest(token)}`;
      const record = await readJson<TokenRecord>(key);
      if (!record || record.clientId !== client.client_id) return;
      await store.delete(key);
      const grant = await grants.load(record.grantId);
      if (grant) await endGrant(grant);
    },

    /**
     * Resolves one of this server's access tokens to its user, refreshing the upstream token when it has
     * expired.
     * @throws InvalidTokenError when the token is unknown, expired, for another resource, or its sign-in ended
     */
    async authenticate(accessToken: string): Promise<SignedInUser> {
      const record = await readJson<TokenRecord>(`access:${digest(accessToken)}`);
      if (!record || record.expiresAt <= nowSeconds()) {
        throw new InvalidTokenError("The access token is unknown or expired.");
      }
      if (record.resource !== resource) {
        throw new InvalidTokenError(`The access token was issued for another resource, not ${resource}.`);
      }
      const grant = await grants.load(record.grantId);
      if (!grant)
        throw new InvalidTokenError("The sign-in behind this access token has ended; sign in again.");
      return {
        grantId: grant.id,
        clientId: record.clientId,
        scopes: record.scopes,
        expiresAt: record.expiresAt,
        upstreamAccessToken: await upstreamAccessToken(grant),
      };
    },

    /** A tool saw the upstream refuse the user's token: refresh it before the next request (or end the sign-in). */
    async markUpstreamRefused(grantId: string): Promise<void> {
      const grant = await grants.load(grantId);
      if (!grant) return;
      await grants.update(grant, { session: { ...grants.session(grant), expiresAt: 0 } });
    },
  };
}

export type AuthorizationServer = ReturnType<typeof createAuthorizationServer>;
