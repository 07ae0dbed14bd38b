import { createPolarClient, type PolarClient } from "@mcp-connectors/polar-metrics";
import type { ToolContext } from "@mcp-connectors/tool-builder";
import type { PolarConfig } from "./config.js";

/** Gives each tool call its Polar client, from the configured token or the request's own. */
export interface Connection {
  client(context: Pick<ToolContext, "credential">): PolarClient;
}

/**
 * With a configured token, every call shares one client. Without one, each call gets a client for its HTTP
 * request's own token, used for that call only and never stored; with no token at all, the client's calls
 * fail with the sentence that explains how to create one.
 */
export function createConnection(config: PolarConfig): Connection {
  const options = {
    server: config.server,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(config.organizationId ? { organizationId: config.organizationId } : {}),
    timeZone: config.timeZone,
    timeoutMs: config.timeoutMs,
    retry: config.maxRetries,
  };
  const configured = config.accessToken
    ? createPolarClient({ ...options, accessToken: config.accessToken })
    : undefined;
  return {
    client: ({ credential }) => configured ?? createPolarClient({ ...options, accessToken: credential }),
  };
}
