import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { HttpError, readJsonBody, sendJson } from "./http-io.js";
import type { Logger } from "./logger.js";
import { isLoopbackHost, LOOPBACK_NAMES } from "./loopback.js";
import type { AuthorizationServer } from "./oauth/authorization-server.js";
import { authenticateWithOAuth } from "./oauth/bearer.js";
import { createOAuthEndpoints } from "./oauth/endpoints.js";
import { PROTECTED_RESOURCE_PATH } from "./oauth/metadata.js";
import { createOAuthServer, type OAuthOptions, parsePublicUrl } from "./oauth/options.js";
import { type Readiness, SSE_NEEDS_ONE_REPLICA, sendReadiness } from "./scale-out/readiness.js";

export { isLoopbackHost } from "./loopback.js";

/** How the HTTP endpoints are exposed and protected. */
export interface HttpOptions {
  host: string;
  port: number;
  /** Bearer token every MCP request must carry (`Authorization: Bearer …`); unset means no server auth. */
  authToken?: string;
  /** Host header values accepted (names, without port). Defaults to loopback names on a loopback host. */
  allowedHosts?: readonly string[];
  /** Origin header values accepted, such as `https://claude.ai`. Loopback origins are accepted on loopback. */
  allowedOrigins?: readonly string[];
  /** The largest request body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Authorization server URL advertised in RFC 9728 protected-resource metadata, if any. */
  authorizationServer?: string;
  /** Header that carries a per-request upstream credential, e.g. `x-intervals-api-key`. */
  credentialHeader?: string;
  /** Reply with one JSON body instead of an SSE stream on Streamable HTTP (no progress notifications). */
  jsonResponse?: boolean;
  /** Start on a non-loopback host without `authToken`. */
  allowUnauthenticated?: boolean;
  /**
   * How long `close()` waits for requests in flight to finish before it cuts their connections (default
   * 8 s, under the 10 s that Docker and Kubernetes give a container between SIGTERM and SIGKILL).
   */
  shutdownGraceMs?: number;
  /**
   * Sign-in with OAuth: the server becomes its own authorization server for MCP clients, each user signs in
   * with the upstream provider, and a request's access token resolves to that user's upstream token, handed
   * to tools as `context.credential`. Not combinable with `authToken`.
   */
  oauth?: OAuthOptions;
  /**
   * How many replicas serve together (`MCP_REPLICAS`, default 1). Above 1, legacy SSE is refused: its session
   * lives in one process, and the balancer would send the session's messages to the others.
   */
  replicas?: number;
  /** Whether this replica should get traffic, for `/readyz` (default: ready while it listens). */
  readiness?: () => Promise<Readiness>;
}

export interface RunningHttpServer {
  /** The base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  server: Server;
  /**
   * Stops taking connections, lets the requests in flight finish (up to `shutdownGraceMs`), then closes
   * SSE streams and every connection left.
   */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_SHUTDOWN_GRACE_MS = 8_000;

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.split(":")[0] ?? "";
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1]?.trim();
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string) {
  sendJson(res, status, { jsonrpc: "2.0", error: { code, message }, id: null });
}

/**
 * Serves MCP over Streamable HTTP (`/mcp`, stateless: a fresh server per request, so any number of
 * instances can run behind a load balancer) and legacy SSE (`/sse` + `/messages`), with `/healthz`.
 * `createServerForRequest` gets a Streamable HTTP request's parsed JSON-RPC body, so that it can build less
 * for a request that needs less (see `asksOnlyForTools`); for an SSE stream it gets nothing.
 */
export async function startHttpServer(
  createServerForRequest: (body?: unknown) => McpServer,
  options: HttpOptions,
  log: Logger,
): Promise<RunningHttpServer> {
  const loopback = isLoopbackHost(options.host);
  const { oauth } = options;
  if (oauth && options.authToken) {
    throw new Error(
      "Use either MCP_AUTH_TOKEN or OAuth sign-in (--oauth), not both: OAuth issues its own tokens.",
    );
  }
  if (oauth && !loopback && !oauth.publicUrl) {
    throw new Error(
      `OAuth sign-in on ${options.host} needs PUBLIC_URL, the https origin clients reach this server at, such as https://mcp.example.com.`,
    );
  }
  const publicHost = oauth?.publicUrl ? new URL(parsePublicUrl(oauth.publicUrl)).hostname : undefined;
  if (!loopback && !options.authToken && !oauth && !options.allowUnauthenticated) {
    throw new Error(
      `Refusing to listen on ${options.host} without authentication: set MCP_AUTH_TOKEN, or pass --allow-unauthenticated if every request carries its own upstream credential.`,
    );
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const configuredHosts = options.allowedHosts?.length
    ? new Set(options.allowedHosts.map((host) => host.toLowerCase()))
    : loopback
      ? new Set(LOOPBACK_NAMES)
      : undefined;
  // Behind a proxy or tunnel, requests arrive with the public host name: accept it along with the others.
  const allowedHosts = publicHost && configuredHosts ? configuredHosts.add(publicHost) : configuredHosts;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const credentialHeader = options.credentialHeader?.toLowerCase();
  const sseSessions = new Map<string, { transport: SSEServerTransport; server: McpServer }>();
  let baseUrl = "";
  let authorizationServer: AuthorizationServer | undefined;
  let oauthEndpoints: ReturnType<typeof createOAuthEndpoints> | undefined;

  const checkHost = (req: IncomingMessage) => {
    const host = hostnameOf((req.headers.host ?? "").toLowerCase());
    if (allowedHosts && !allowedHosts.has(host))
      throw new HttpError(403, "Forbidden: the Host header is not allowed.");
  };

  const checkOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (origin === undefined || allowedOrigins.has(origin)) return;
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      throw new HttpError(403, "Forbidden: the Origin header is not a valid origin.");
    }
    const originName = hostnameOf(originHost);
    if (loopback ? isLoopbackHost(originName) : originHost === (req.headers.host ?? "").toLowerCase()) return;
    throw new HttpError(403, "Forbidden: the Origin header is not allowed.");
  };

  const authenticate = async (req: IncomingMessage & { auth?: AuthInfo }) => {
    const bearer = bearerOf(req);
    if (authorizationServer) {
      req.auth = await authenticateWithOAuth(authorizationServer, bearer);
      return;
    }
    if (options.authToken && !(bearer && sameSecret(bearer, options.authToken))) {
      throw new HttpError(401, "Unauthorized: send Authorization: Bearer <MCP_AUTH_TOKEN>.");
    }
    const fromHeader = credentialHeader ? req.headers[credentialHeader] : undefined;
    const credential =
      (typeof fromHeader === "string" ? fromHeader : undefined) ?? (options.authToken ? undefined : bearer);
    req.auth = { token: "", clientId: "http", scopes: [], extra: { upstreamCredential: credential } };
  };

  const corsHeaders = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (!origin) return {};
    const allowHeaders = [
      "content-type",
      "authorization",
      "mcp-session-id",
      "mcp-protocol-version",
      "last-event-id",
    ];
    if (credentialHeader) allowHeaders.push(credentialHeader);
    return {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
      "access-control-allow-headers": allowHeaders.join(", "),
      "access-control-expose-headers": "mcp-session-id, www-authenticate",
      vary: "Origin",
    };
  };

  const resourceMetadataUrl = () => `${authorizationServer?.issuer ?? baseUrl}${PROTECTED_RESOURCE_PATH}`;

  const handleMcp = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") {
      jsonRpcError(
        res,
        405,
        -32000,
        "Method not allowed: this server is stateless; send JSON-RPC with POST.",
      );
      return;
    }
    const body = await readJsonBody(req, maxBody);
    const server = createServerForRequest(body);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: options.jsonResponse ?? false,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const handleSseStream = async (_req: IncomingMessage, res: ServerResponse) => {
    const transport = new SSEServerTransport("/messages", res);
    const server = createServerForRequest();
    sseSessions.set(transport.sessionId, { transport, server });
    res.on("close", () => {
      sseSessions.delete(transport.sessionId);
      void server.close();
    });
    await server.connect(transport);
  };

  const handleSseMessage = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const session = sseSessions.get(url.searchParams.get("sessionId") ?? "");
    if (!session) throw new HttpError(404, "Unknown or expired SSE session; open a new one at /sse.");
    const body = await readJsonBody(req, maxBody);
    await session.transport.handlePostMessage(req, res, body);
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return;
    }
    if (url.pathname === "/readyz") {
      await sendReadiness(res, closing ? { ready: false, reason: "Shutting down." } : options.readiness);
      return;
    }
    checkHost(req);
    if (oauthEndpoints && (await oauthEndpoints.handle(req, res, url))) return;
    checkOrigin(req);
    for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/.well-known/oauth-protected-resource" && options.authorizationServer) {
      sendJson(res, 200, {
        resource: `${baseUrl}/mcp`,
        authorization_servers: [options.authorizationServer],
        bearer_methods_supported: ["header"],
      });
      return;
    }
    const isMcpPath = url.pathname === "/mcp" || url.pathname === "/sse" || url.pathname === "/messages";
    if (!isMcpPath)
      throw new HttpError(404, "Not found: MCP is served at /mcp (Streamable HTTP) and /sse (SSE).");
    await authenticate(req);
    if (url.pathname !== "/mcp" && (options.replicas ?? 1) > 1)
      throw new HttpError(400, SSE_NEEDS_ONE_REPLICA);
    if (url.pathname === "/mcp") await handleMcp(req, res);
    else if (url.pathname === "/sse" && req.method === "GET") await handleSseStream(req, res);
    else if (url.pathname === "/messages" && req.method === "POST") await handleSseMessage(req, res, url);
    else throw new HttpError(405, "Method not allowed.");
  };

  // Requests whose answer is not finished yet (an SSE stream counts until it closes); close() waits for them.
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;
  const server = createServer((req, res) => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
      // After the other close handlers (an SSE stream's removes its session).
      if (drained) setImmediate(drained);
    });
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        const headers: Record<string, string> = {};
        if (error.status === 401) {
          const oauthError = error.oauthError
            ? `, error="${error.oauthError}", error_description="${error.message.replaceAll('"', "'")}"`
            : "";
          headers["www-authenticate"] =
            options.authorizationServer || authorizationServer
              ? `Bearer realm="mcp", resource_metadata="${resourceMetadataUrl()}"${oauthError}`
              : 'Bearer realm="mcp"';
        }
        if (error.status === 413) res.setHeader("connection", "close");
        const code = error.status === 400 ? -32700 : -32000;
        sendJson(
          res,
          error.status,
          { jsonrpc: "2.0", error: { code, message: error.message }, id: null },
          headers,
        );
        return;
      }
      log.error("HTTP request failed", { error: error instanceof Error ? error.message : String(error) });
      jsonRpcError(res, 500, -32603, "Internal server error.");
    });
  });
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostForUrl}:${address.port}`;
  if (oauth) {
    try {
      authorizationServer = createOAuthServer(oauth, baseUrl, log);
    } catch (error) {
      await new Promise((resolve) => server.close(resolve));
      throw error;
    }
    oauthEndpoints = createOAuthEndpoints(authorizationServer, {
      maxBodyBytes: maxBody,
      log,
      resourceName: oauth.resourceName,
      rateLimits: oauth.rateLimits,
      store: oauth.store,
      trustProxy: oauth.trustProxy,
    });
  }

  return {
    url: baseUrl,
    server,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // SSE streams stay open until their client leaves, so they do not count as work to wait for.
      const pending = () => inFlight - sseSessions.size;
      if (pending() > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
          drained = () => {
            if (pending() > 0) return;
            clearTimeout(timer);
            resolve();
          };
        });
      }
      for (const { transport, server: mcp } of sseSessions.values()) {
        await transport.close();
        await mcp.close();
      }
      sseSessions.clear();
      server.closeAllConnections();
      await closed;
    },
  };
}
