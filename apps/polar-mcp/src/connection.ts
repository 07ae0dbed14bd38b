import { createRequire } from "node:module";
import {
  createPolarClient,
  createSharedState,
  POLAR_RATE_LIMITS,
  type PolarClient,
  type RateLimitOptions,
  type RequestEventListener,
  rateLimitWithin,
  type SharedClientState,
} from "@mcp-connectors/polar-metrics";
import type { SharedState } from "@mcp-connectors/serve";
import type { ToolContext } from "@mcp-connectors/tool-builder";
import type { PolarConfig } from "./config.js";

const requireBuiltin = createRequire(import.meta.url);

/** Gives each tool call its Polar client, from the configured token or the request's own. */
export interface Connection {
  client(context: Pick<ToolContext, "credential">): PolarClient;
}

/** Where the state of each token lives: with `shared` (Redis), shared by every replica. */
export interface ScaleOutOptions {
  shared?: SharedState;
  /** How many replicas serve together (`MCP_REPLICAS`): without shared state, each keeps its share. */
  replicas?: number;
}

/**
 * With a configured token, every call shares one client. Without one, each call gets a client for its HTTP
 * request's own token, used for that call only and never stored, with the rate limit kept for that token;
 * with no token at all, the client's calls fail with the sentence that explains how to create one.
 * @param onEvent told of every request, retry and rate-limit wait (the server's logs and progress reports)
 */
export function createConnection(
  config: PolarConfig,
  onEvent?: RequestEventListener,
  { shared, replicas = 1 }: ScaleOutOptions = {},
): Connection {
  const options = {
    ...(onEvent ? { onEvent } : {}),
    server: config.server,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.organizationId ? { organizationId: config.organizationId } : {}),
    timeZone: config.timeZone,
    timeoutMs: config.timeoutMs,
    retry: config.maxRetries,
  };
  const perMinute = config.maxRequestsPerMinute || POLAR_RATE_LIMITS[config.server];
  // A process's own bucket holds its share of the token's limit; shared state holds the whole limit in Redis.
  const rateLimit = rateLimitWithin(Math.max(1, Math.floor(perMinute / replicas)));
  // Polar limits each token, whichever request uses it.
  const stateFor = (token: string) =>
    createSharedState({
      server: config.server,
      rateLimit,
      ...(shared && { rateLimiter: shared.limiter("polar", token, { max: perMinute, windowSeconds: 60 }) }),
    });
  const configured = config.accessToken
    ? createPolarClient({ ...options, accessToken: config.accessToken, shared: stateFor(config.accessToken) })
    : undefined;
  const states = createStatesByToken(stateFor);
  return {
    client: ({ credential }) =>
      configured ??
      createPolarClient({
        ...options,
        accessToken: credential,
        ...(credential ? { shared: states.get(credential) } : {}),
      }),
  };
}

const TOKENS_KEPT = 1_000;

/**
 * Client state per token, for the 1,000 tokens used most recently. It is found by the token's SHA-256 digest,
 * so the server never keeps a request's token.
 */
function createStatesByToken(stateFor: (token: string) => SharedClientState) {
  const states = new Map<string, SharedClientState>();
  return {
    get(token: string): SharedClientState {
      // node:crypto loads with the first request that brings its own token: a start never needs it (5 ms).
      const { createHash } = requireBuiltin("node:crypto") as typeof import("node:crypto");
      const key = createHash("sha256").update(token).digest("base64url");
      const state = states.get(key) ?? stateFor(token);
      states.delete(key);
      if (states.size >= TOKENS_KEPT) states.delete(states.keys().next().value as string);
      states.set(key, state);
      return state;
    },
  };
}
