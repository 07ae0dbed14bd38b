import { randomBytes } from "node:crypto";
import { type AuthorizationServer, createAuthorizationServer } from "./authorization-server.js";
import type { FetchClientMetadata } from "./client-metadata.js";
import type { Logger } from "./log.js";
import { isLoopbackHost } from "./loopback.js";
import { createMemoryTokenStore } from "./memory-token-store.js";
import type { OAuthRateLimits } from "./rate-limit.js";
import { createTokenCipher, parseEncryptionKey } from "./token-cipher.js";
import type { TokenStore } from "./token-store.js";
import type { UpstreamOAuthProvider } from "./upstream.js";

/** Sign-in with OAuth for an HTTP server: the server becomes its own authorization server for MCP clients. */
export interface OAuthOptions {
  /** The provider users sign in with (Polar, Intervals.icu, …). */
  upstream: UpstreamOAuthProvider;
  /** Scopes asked of the upstream provider, e.g. `["ACTIVITY:READ", "WELLNESS:READ"]`. */
  scopes?: readonly string[];
  /**
   * The origin clients reach this server at, e.g. `https://intervals-mcp.example.com` (`PUBLIC_URL`): the
   * issuer, the tokens' audience and the base of the callback URL registered at the provider. Required off
   * loopback; on loopback it defaults to the address the server listens on.
   */
  publicUrl?: string;
  /**
   * 32 random bytes as hex or base64 (`TOKEN_ENCRYPTION_KEY`) that encrypt the upstream tokens at rest.
   * Required with a shared `store`; without one, a random key per process is used (sign-ins end on restart anyway).
   */
  encryptionKey?: string;
  /** Where sign-ins are kept; in memory by default. Use the Redis store to share them between replicas. */
  store?: TokenStore;
  /** Lifetime of the server's access tokens in seconds (default 3600). */
  accessTokenSeconds?: number;
  /** Lifetime of its refresh tokens in seconds (default 30 days). */
  refreshTokenSeconds?: number;
  /** A human-readable name for the protected-resource metadata. */
  resourceName?: string;
  /** Per-address limits on the sign-in endpoints (429 with `Retry-After` beyond them); `false` turns them off. */
  rateLimits?: OAuthRateLimits | false;
  /**
   * Behind a reverse proxy or load balancer (`MCP_TRUST_PROXY=true`): count requests by the address the
   * proxy saw (the last `X-Forwarded-For` entry) rather than by the proxy's own address.
   */
  trustProxy?: boolean;
  /**
   * How client metadata documents (https client_ids) are fetched. The default reaches only public https
   * addresses and follows no redirects; replace it to go through an egress proxy, or in tests.
   */
  fetchClientMetadata?: FetchClientMetadata;
  /**
   * Tests only: also accept `http://` client_id URLs on a loopback host (`http://127.0.0.1:port/client.json`)
   * and let the default fetcher connect to loopback addresses, so that a test can serve a client metadata
   * document on its own machine. Never set it on a deployed server. Default false.
   */
  allowLoopbackClientMetadata?: boolean;
  /**
   * The most dynamically registered clients kept at once (default 5000); beyond it `/register` answers 429
   * until unused registrations expire (a day after registering, unless a sign-in used them).
   */
  maxRegisteredClients?: number;
}

/** Checks that a public URL is a bare origin, https unless on loopback, and returns it without a trailing slash. */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`PUBLIC_URL must be a URL such as https://mcp.example.com, not "${text}".`);
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new TypeError(`PUBLIC_URL must be an origin without a path, such as ${url.origin}.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new TypeError(
      `PUBLIC_URL must use https (plain http is allowed only on loopback), not ${url.origin}.`,
    );
  }
  return url.origin;
}

/** Resolves the options into an authorization server once the listening address is known. */
export function createOAuthServer(
  options: OAuthOptions,
  listeningUrl: string,
  log: Logger,
): AuthorizationServer {
  if (options.store && !options.encryptionKey) {
    throw new TypeError(
      "TOKEN_ENCRYPTION_KEY is required with a shared token store, so that every replica can read the sign-ins; generate one with `openssl rand -base64 32`.",
    );
  }
  const key = options.encryptionKey ? parseEncryptionKey(options.encryptionKey) : randomBytes(32);
  return createAuthorizationServer({
    issuer: parsePublicUrl(options.publicUrl ?? listeningUrl),
    upstream: options.upstream,
    scopes: options.scopes ?? [],
    store: options.store ?? createMemoryTokenStore(),
    cipher: createTokenCipher(key),
    log,
    accessTokenSeconds: options.accessTokenSeconds,
    refreshTokenSeconds: options.refreshTokenSeconds,
    fetchClientMetadata: options.fetchClientMetadata,
    allowLoopbackClientMetadata: options.allowLoopbackClientMetadata,
    maxRegisteredClients: options.maxRegisteredClients,
  });
}
