import type { IncomingMessage, ServerResponse } from "node:http";
import {
  InvalidClientError,
  OAuthError,
  ServerError,
  TemporarilyUnavailableError,
  TooManyRequestsError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { type AuthorizationServer, UnredirectableAuthorizeError } from "./authorization-server.js";
import { bindingCookie, CALLBACK_PATH, CONSENT_PATH, expiredBindingCookie } from "./browser-binding.js";
import { MAX_METADATA_DOCUMENT_BYTES } from "./client-metadata.js";
import { CONSENT_PAGE_HEADERS, renderConsentPage, renderErrorPage } from "./consent.js";
import { HttpError, readBodyText, sendJson } from "./http-io.js";
import type { Logger } from "./log.js";
import {
  AUTHORIZATION_SERVER_PATH,
  authorizationServerMetadata,
  ENDPOINTS,
  PROTECTED_RESOURCE_PATH,
  protectedResourceMetadata,
} from "./metadata.js";
import {
  clientAddress,
  createRateLimiter,
  createSharedRateLimiter,
  DEFAULT_RATE_LIMITS,
  type OAuthRateLimits,
  type RateLimit,
} from "./rate-limit.js";
import { STORE_UNAVAILABLE, StoreUnavailableError, type TokenStore } from "./token-store.js";

// The SDK's `mcpAuthRouter` and its handlers are Express routers (with cors and express-rate-limit). This
// server is plain node:http and its bins are bundled into one file, so the few endpoints are served here
// directly, reusing the SDK's schemas, error classes and metadata types rather than pulling in Express.

/** Discovery and token endpoints are called by browser-based clients from any origin; they use no cookies. */
const OPEN_CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, mcp-protocol-version",
};
const NO_STORE = { "cache-control": "no-store" };

function sendOAuthError(res: ServerResponse, error: OAuthError, headers: Record<string, string> = {}) {
  const status =
    error instanceof InvalidClientError
      ? 401
      : error instanceof ServerError
        ? 500
        : error instanceof TooManyRequestsError
          ? 429
          : 400;
  sendJson(res, status, error.toResponseObject(), { ...OPEN_CORS, ...NO_STORE, ...headers });
}

/** The shared store is down: refuse the sign-in step (fail closed) with 503, and say so in the log. */
function sendUnavailable(res: ServerResponse, error: unknown, log: Logger) {
  const cause = error instanceof StoreUnavailableError ? error.cause : error;
  log.warn("Sign-in refused: the shared store (Redis) did not answer", {
    error: cause instanceof Error ? cause.message : String(cause),
  });
  const refusal = new TemporarilyUnavailableError(STORE_UNAVAILABLE);
  sendJson(res, 503, refusal.toResponseObject(), { ...OPEN_CORS, ...NO_STORE, "retry-after": "30" });
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location, ...NO_STORE }).end();
}

/** The authorization server's HTTP endpoints; `handle` answers the requests that are theirs and returns true. */
export function createOAuthEndpoints(
  server: AuthorizationServer,
  options: {
    maxBodyBytes: number;
    log: Logger;
    resourceName?: string;
    rateLimits?: OAuthRateLimits | false;
    trustProxy?: boolean;
    /** Where the rate limits are counted when it can (`countInWindow`): shared by replicas. */
    store?: TokenStore;
    /** The clock of the in-process rate limits (tests). */
    now?: () => number;
  },
) {
  const secure = server.issuer.startsWith("https:");
  const serverName = options.resourceName ?? new URL(server.issuer).host;
  const readForm = async (req: IncomingMessage) =>
    new URLSearchParams(await readBodyText(req, options.maxBodyBytes));

  const limiterFor = (name: keyof OAuthRateLimits) => {
    const limit: RateLimit | false =
      options.rateLimits === false ? false : (options.rateLimits?.[name] ?? DEFAULT_RATE_LIMITS[name]);
    if (!limit) return undefined;
    const { store } = options;
    return store?.countInWindow
      ? createSharedRateLimiter(name, limit, { countInWindow: store.countInWindow.bind(store) })
      : createRateLimiter(limit, options.now);
  };
  const limiters = {
    register: limiterFor("register"),
    token: limiterFor("token"),
    authorize: limiterFor("authorize"),
  };

  const routes: Record<
    string,
    {
      method: "GET" | "POST";
      cors: boolean;
      limiter: ReturnType<typeof limiterFor>;
      run(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
    }
  > = {
    [AUTHORIZATION_SERVER_PATH]: {
      method: "GET",
      cors: true,
      limiter: undefined,
      run: async (_req, res) =>
        sendJson(res, 200, authorizationServerMetadata(server.issuer, server.scopes), OPEN_CORS),
    },
    [ENDPOINTS.register]: {
      method: "POST",
      cors: true,
      limiter: limiters.register,
      run: async (req, res) => {
        let body: unknown;
        try {
          body = JSON.parse(await readBodyText(req, MAX_METADATA_DOCUMENT_BYTES));
        } catch (error) {
          if (!(error instanceof HttpError)) body = undefined;
          else if (error.status !== 413) throw error;
          else {
            // Anyone may register: client metadata is held to the size of a metadata document.
            res.setHeader("connection", "close");
            return sendJson(
              res,
              413,
              {
                error: "invalid_client_metadata",
                error_description: `Client metadata is limited to ${MAX_METADATA_DOCUMENT_BYTES} bytes; send fewer or shorter fields.`,
              },
              { ...OPEN_CORS, ...NO_STORE },
            );
          }
        }
        sendJson(res, 201, await server.registerClient(body), { ...OPEN_CORS, ...NO_STORE });
      },
    },
    [ENDPOINTS.authorize]: {
      method: "GET",
      cors: false,
      limiter: limiters.authorize,
      run: async (_req, res, url) => {
        const consent = await server.authorize(url.searchParams);
        res
          .writeHead(200, {
            ...CONSENT_PAGE_HEADERS,
            "set-cookie": bindingCookie("consent", consent.token, consent.browserSecret, secure),
          })
          .end(renderConsentPage(consent, serverName));
      },
    },
    [CONSENT_PATH]: {
      method: "POST",
      cors: false,
      limiter: limiters.authorize,
      run: async (req, res) => {
        const origin = req.headers.origin;
        // A browser posting from the consent page sends this server's own origin.
        if (origin !== undefined && origin !== server.issuer) {
          throw new UnredirectableAuthorizeError("The approval must come from this server's own page.");
        }
        const form = await readForm(req);
        const { location, signIn } = await server.decide(form, req.headers.cookie);
        const cookies = [expiredBindingCookie("consent", form.get("consent") ?? "", secure)];
        if (signIn) cookies.push(bindingCookie("callback", signIn.state, signIn.browserSecret, secure));
        res.writeHead(302, { location, ...NO_STORE, "set-cookie": cookies }).end();
      },
    },
    [CALLBACK_PATH]: {
      method: "GET",
      cors: false,
      limiter: limiters.authorize,
      run: async (req, res, url) => {
        // Cleared whatever the outcome: the state it binds is taken at the first arrival.
        const clear = expiredBindingCookie("callback", url.searchParams.get("state") ?? "", secure);
        res.setHeader("set-cookie", clear);
        redirect(res, await server.completeSignIn(url.searchParams, req.headers.cookie));
      },
    },
    [ENDPOINTS.token]: {
      method: "POST",
      cors: true,
      limiter: limiters.token,
      run: async (req, res) => {
        const tokens = await server.token(await readForm(req), req.headers.authorization);
        sendJson(res, 200, tokens, { ...OPEN_CORS, ...NO_STORE, pragma: "no-cache" });
      },
    },
    [ENDPOINTS.revoke]: {
      method: "POST",
      cors: true,
      limiter: limiters.token,
      run: async (req, res) => {
        await server.revoke(await readForm(req), req.headers.authorization);
        sendJson(res, 200, {}, { ...OPEN_CORS, ...NO_STORE });
      },
    },
  };

  /** A browser gets a page saying what went wrong; a program (no text/html in Accept) the OAuth JSON. */
  const refuseInBrowser = (
    req: IncomingMessage,
    res: ServerResponse,
    refusal: UnredirectableAuthorizeError,
  ) => {
    const { error = "invalid_request", backToClient } = refusal.details;
    if (/\btext\/html\b/.test(req.headers.accept ?? "")) {
      res
        .writeHead(400, CONSENT_PAGE_HEADERS)
        .end(renderErrorPage(refusal.message, serverName, backToClient));
    } else sendJson(res, 400, { error, error_description: refusal.message }, NO_STORE);
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      const isResourceMetadata =
        url.pathname === PROTECTED_RESOURCE_PATH || url.pathname.startsWith(`${PROTECTED_RESOURCE_PATH}/`);
      const route = isResourceMetadata ? undefined : routes[url.pathname];
      if (!isResourceMetadata && !route) return false;
      if (req.method === "OPTIONS" && (isResourceMetadata || route?.cors)) {
        res.writeHead(204, OPEN_CORS).end();
        return true;
      }
      if (isResourceMetadata) {
        sendJson(res, 200, protectedResourceMetadata(server.resource, options.resourceName), OPEN_CORS);
        return true;
      }
      if (!route) return false;
      if (req.method !== route.method) {
        sendJson(
          res,
          405,
          { error: "invalid_request", error_description: `Use ${route.method}.` },
          { allow: route.method },
        );
        return true;
      }
      let wait: number;
      try {
        wait = (await route.limiter?.take(clientAddress(req, options.trustProxy === true))) ?? 0;
      } catch (error) {
        sendUnavailable(res, error, options.log);
        return true;
      }
      if (wait > 0) {
        sendOAuthError(
          res,
          new TooManyRequestsError(`Too many sign-in requests from this address; try again in ${wait} s.`),
          { "retry-after": String(wait) },
        );
        return true;
      }
      try {
        await route.run(req, res, url);
      } catch (error) {
        if (error instanceof OAuthError) sendOAuthError(res, error);
        else if (error instanceof UnredirectableAuthorizeError) refuseInBrowser(req, res, error);
        else if (error instanceof HttpError) throw error;
        else if (error instanceof StoreUnavailableError) sendUnavailable(res, error, options.log);
        else {
          options.log.error("OAuth request failed", {
            path: url.pathname,
            error: error instanceof Error ? error.message : String(error),
          });
          sendOAuthError(res, new ServerError("The sign-in failed on the server; try again later."));
        }
      }
      return true;
    },
  };
}

/** The OAuth endpoints of one server: `handle` answers a request for one of them and says whether it did. */
export type OAuthEndpoints = ReturnType<typeof createOAuthEndpoints>;
