import {
  createPolarClient,
  createSharedState,
  POLAR_RATE_LIMITS,
  type PolarClient,
  type RequestEventListener,
  rateLimitWithin,
} from "@mcp-connectors/polar-metrics";
import { perCredential, type ScaleOut } from "@mcp-connectors/serve";
import type { ToolContext } from "@mcp-connectors/tool-builder";
import type { PolarConfig } from "./config.js";

/** Gives each tool call its Polar client, from the configured token or the request's own. */
export interface Connection {
  client(context: Pick<ToolContext, "credential">): PolarClient;
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
  { shared, replicas = 1 }: ScaleOut = {},
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
  // Kept per token (by its digest) for the 1,000 tokens used most recently.
  const stateOf = perCredential(stateFor);
  return {
    client: ({ credential }) =>
      configured ??
      createPolarClient({
        ...options,
        accessToken: credential,
        ...(credential ? { shared: stateOf(credential) } : {}),
      }),
  };
}
