import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type AnyToolDefinition, createMcpServer, UPSTREAM_CREDENTIAL } from "@mcp-connectors/tool-builder";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { sendJson } from "../../src/http-io.js";
import {
  type AuthorizationServer,
  createOAuthEndpoints,
  createOAuthServer,
  type Logger,
  type OAuthEndpoints,
  type OAuthOptions,
  PROTECTED_RESOURCE_PATH,
} from "../../src/index.js";

export interface OAuthHttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The authorization server mounted on a bare Node HTTP server the way `@mcp-connectors/serve` mounts it: its
 * endpoints, and at `/mcp` a stateless MCP server with `tools` that takes only this server's access tokens and
 * hands the tools the user's upstream token. The full hosted server (CLI settings, Host and Origin checks, SSE,
 * Redis) is tested in `@mcp-connectors/serve`, which depends on this package: a test here that needed it would
 * close a cycle between the two.
 */
export async function startOAuthHttpServer(
  oauth: OAuthOptions,
  log: Logger,
  tools: readonly AnyToolDefinition[] = [],
): Promise<OAuthHttpServer> {
  let url = "";
  let authorizationServer: AuthorizationServer | undefined;
  let endpoints: OAuthEndpoints | undefined;
  const serveMcp = async (
    req: IncomingMessage & { auth?: AuthInfo },
    res: Parameters<typeof sendJson>[0],
  ) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!authorizationServer || !bearer) throw new Error("Sign in with OAuth.");
    const user = await authorizationServer.authenticate(bearer);
    req.auth = {
      token: "",
      clientId: user.clientId,
      scopes: user.scopes,
      extra: { [UPSTREAM_CREDENTIAL]: user.upstreamAccessToken },
    };
    const server = createMcpServer({ name: "oauth-test", version: "1.0.0", tools });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", url);
    try {
      if (endpoints && (await endpoints.handle(req, res, path))) return;
      if (path.pathname === "/mcp") await serveMcp(req, res);
      else sendJson(res, 404, { error: "not_found" });
    } catch (error) {
      const description = (error as Error).message.replaceAll('"', "'");
      const challenge = `Bearer realm="mcp", resource_metadata="${url}${PROTECTED_RESOURCE_PATH}", error="invalid_token", error_description="${description}"`;
      sendJson(
        res,
        401,
        { error: "invalid_token", error_description: description },
        { "www-authenticate": challenge },
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  authorizationServer = createOAuthServer(oauth, url, log);
  endpoints = createOAuthEndpoints(authorizationServer, {
    maxBodyBytes: 1_000_000,
    log,
    resourceName: oauth.resourceName,
    rateLimits: oauth.rateLimits,
    store: oauth.store,
    trustProxy: oauth.trustProxy,
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
