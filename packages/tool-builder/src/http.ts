import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Logger } from "./logger.js";

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
}

export interface RunningHttpServer {
  /** The base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

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

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string) {
  sendJson(res, status, { jsonrpc: "2.0", error: { code, message }, id: null });
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Parse error: the request body is not valid JSON.");
  }
}

/**
 * Serves MCP over Streamable HTTP (`/mcp`, stateless: a fresh server per request, so any number of
 * instances can run behind a load balancer) and legacy SSE (`/sse` + `/messages`), with `/healthz`.
 */
export async function startHttpServer(
  createServerForRequest: () => McpServer,
  options: HttpOptions,
  log: Logger,
): Promise<RunningHttpServer> {
  const loopback = isLoopbackHost(options.host);
  if (!loopback && !options.authToken && !options.allowUnauthenticated) {
    throw new Error(
      `Refusing to listen on ${options.host} without authentication: set MCP_AUTH_TOKEN, or pass --allow-unauthenticated if every request carries its own upstream credential.`,
    );
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const allowedHosts = options.allowedHosts?.length
    ? new Set(options.allowedHosts.map((host) => host.toLowerCase()))
    : loopback
      ? LOOPBACK_NAMES
      : undefined;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const credentialHeader = options.credentialHeader?.toLowerCase();
  const sseSessions = new Map<string, { transport: SSEServerTransport; server: McpServer }>();
  let baseUrl = "";

  const checkOrigin = (req: IncomingMessage) => {
    const host = hostnameOf((req.headers.host ?? "").toLowerCase());
    if (allowedHosts && !allowedHosts.has(host))
      throw new HttpError(403, "Forbidden: the Host header is not allowed.");
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

  const authenticate = (req: IncomingMessage & { auth?: unknown }) => {
    const bearer = bearerOf(req);
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

  const resourceMetadataUrl = () => `${baseUrl}/.well-known/oauth-protected-resource`;

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
    const server = createServerForRequest();
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
    authenticate(req);
    if (url.pathname === "/mcp") await handleMcp(req, res);
    else if (url.pathname === "/sse" && req.method === "GET") await handleSseStream(req, res);
    else if (url.pathname === "/messages" && req.method === "POST") await handleSseMessage(req, res, url);
    else throw new HttpError(405, "Method not allowed.");
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        const headers: Record<string, string> = {};
        if (error.status === 401) {
          headers["www-authenticate"] = options.authorizationServer
            ? `Bearer realm="mcp", resource_metadata="${resourceMetadataUrl()}"`
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

  return {
    url: baseUrl,
    server,
    close: async () => {
      for (const { transport, server: mcp } of sseSessions.values()) {
        await transport.close();
        await mcp.close();
      }
      sseSessions.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
