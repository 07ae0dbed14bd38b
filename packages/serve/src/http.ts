import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuthorizationServer, OAuthEndpoints, OAuthOptions } from "@mcp-connectors/oauth-server";
import {
  HttpError,
  isLoopbackHost,
  LOOPBACK_NAMES,
  readJsonBody,
  sameSecret,
  sendJson,
} from "@mcp-connectors/oauth-server/http";
import { type Logger, UPSTREAM_CREDENTIAL } from "@mcp-connectors/tool-builder";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { type Readiness, SSE_NEEDS_ONE_REPLICA, sendReadiness } from "./scale-out/readiness.js";

export { isLoopbackHost } from "@mcp-connectors/oauth-server/http";

/** The path of the protected-resource metadata (RFC 9728), as the OAuth server also serves it. */
const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

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
   * Start on a non-loopback host without `authToken`, OAuth or `allowedHosts`, so with no Host check: any
   * web page can then reach the server through DNS rebinding. Set only when something in front checks Host.
   */
  allowAnyHost?: boolean;
  /** The most JSON-RPC messages one POST may carry as a batch (default 10); more are refused before any work. */
  maxBatchMessages?: number;
  /** The most SSE sessions open at once (default 100); one more gets 503 with `Retry-After`. */
  maxSseSessions?: number;
  /** An SSE session with no message and no call running for this long is closed (default 10 minutes). */
  sseIdleTimeoutMs?: number;
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
const DEFAULT_MAX_BATCH_MESSAGES = 10;
const DEFAULT_MAX_SSE_SESSIONS = 100;
const DEFAULT_SSE_IDLE_TIMEOUT_MS = 10 * 60_000;
/** After a 413, the rest of a body is read (and dropped) up to this much, so the client can read the answer. */
const MAX_BYTES_DRAINED_AFTER_413 = 8 * 1024 * 1024;

/** An open SSE stream: its server, who opened it, and the calls it is running. */
interface SseSession {
  transport: SSEServerTransport;
  server: McpServer;
  /** A digest of the credential that opened it; only the same credential may post to it. */
  owner: Buffer;
  /** Ids of the requests posted to it and not answered yet. */
  pending: Set<string | number>;
  idleTimer?: NodeJS.Timeout;
}

/** Who a request acts as: a digest of its client and upstream credential (never kept in the clear). */
function ownerOf(auth: AuthInfo | undefined): Buffer {
  const credential = auth?.extra?.upstreamCredential;
  return createHash("sha256")
    .update(JSON.stringify([auth?.clientId ?? "", typeof credential === "string" ? credential : null]))
    .digest();
}

const isRequest = (message: unknown): message is { id: string | number; method: string } =>
  typeof message === "object" && message !== null && "method" in message && "id" in message;
const isCancellation = (
  message: unknown,
): message is { method: "notifications/cancelled"; params: { requestId: string | number } } =>
  typeof message === "object" &&
  message !== null &&
  (message as { method?: unknown }).method === "notifications/cancelled" &&
  ["string", "number"].includes(typeof (message as { params?: { requestId?: unknown } }).params?.requestId);
const isResponse = (message: unknown): message is { id: string | number } =>
  typeof message === "object" &&
  message !== null &&
  "id" in message &&
  ("result" in message || "error" in message);

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.split(":")[0] ?? "";
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
  // The authorization server and the bearer gate are loaded only when OAuth sign-in is on.
  const signIn = oauth
    ? { server: await import("@mcp-connectors/oauth-server"), gate: await import("./bearer.js") }
    : undefined;
  const publicHost =
    oauth?.publicUrl && signIn ? new URL(signIn.server.parsePublicUrl(oauth.publicUrl)).hostname : undefined;
  if (!loopback && !options.authToken && !oauth && !options.allowUnauthenticated) {
    throw new Error(
      `Refusing to listen on ${options.host} without authentication: set MCP_AUTH_TOKEN, or pass --allow-unauthenticated if every request carries its own upstream credential.`,
    );
  }
  // Without a token, a web page that rebinds its own host name to this address could call the tools.
  if (!loopback && !options.authToken && !oauth && !options.allowedHosts?.length && !options.allowAnyHost) {
    throw new Error(
      `Refusing to listen on ${options.host} without authentication and without a Host check: set MCP_ALLOWED_HOSTS to the host names clients use (DNS-rebinding protection), or set MCP_ALLOW_ANY_HOST=1 (--allow-any-host) if a proxy in front checks the Host header.`,
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
  const maxBatch = options.maxBatchMessages ?? DEFAULT_MAX_BATCH_MESSAGES;
  const maxSseSessions = options.maxSseSessions ?? DEFAULT_MAX_SSE_SESSIONS;
  const sseIdleMs = options.sseIdleTimeoutMs ?? DEFAULT_SSE_IDLE_TIMEOUT_MS;
  const sseSessions = new Map<string, SseSession>();
  let closing = false;
  let baseUrl = "";
  let authorizationServer: AuthorizationServer | undefined;
  let oauthEndpoints: OAuthEndpoints | undefined;

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
    if (authorizationServer && signIn) {
      req.auth = await signIn.gate.authenticateWithOAuth(authorizationServer, bearer);
      return;
    }
    if (options.authToken && !(bearer && sameSecret(bearer, options.authToken))) {
      throw new HttpError(401, "Unauthorized: send Authorization: Bearer <MCP_AUTH_TOKEN>.");
    }
    const fromHeader = credentialHeader ? req.headers[credentialHeader] : undefined;
    const credential =
      (typeof fromHeader === "string" ? fromHeader : undefined) ?? (options.authToken ? undefined : bearer);
    req.auth = { token: "", clientId: "http", scopes: [], extra: { [UPSTREAM_CREDENTIAL]: credential } };
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

  /** A batch larger than the limit is refused whole, before any of it runs. */
  const checkBatch = (body: unknown) => {
    if (Array.isArray(body) && body.length > maxBatch) {
      throw new HttpError(
        400,
        `Invalid request: a batch may hold at most ${maxBatch} JSON-RPC messages and this one holds ${body.length}; send the rest in further requests.`,
        undefined,
        -32600,
      );
    }
  };

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
    checkBatch(body);
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

  const closeSseSession = (sessionId: string) => {
    const session = sseSessions.get(sessionId);
    if (!session) return;
    sseSessions.delete(sessionId);
    clearTimeout(session.idleTimer);
    void session.transport.close();
    void session.server.close();
  };

  /** Closes a session after `sseIdleMs` without messages; a call still running keeps it open. */
  const touchSseSession = (sessionId: string) => {
    const session = sseSessions.get(sessionId);
    if (!session) return;
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      if (session.pending.size > 0) touchSseSession(sessionId);
      else {
        log.info("closing an idle SSE session");
        closeSseSession(sessionId);
      }
    }, sseIdleMs);
    session.idleTimer.unref();
  };

  const handleSseStream = async (req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse) => {
    if (sseSessions.size >= maxSseSessions) {
      throw new HttpError(
        503,
        `Too many SSE sessions are open (${maxSseSessions}); try again later, or use Streamable HTTP at /mcp.`,
        undefined,
        undefined,
        { "retry-after": "30" },
      );
    }
    const transport = new SSEServerTransport("/messages", res);
    const server = createServerForRequest();
    const session: SseSession = { transport, server, owner: ownerOf(req.auth), pending: new Set() };
    sseSessions.set(transport.sessionId, session);
    res.on("close", () => closeSseSession(transport.sessionId));
    await server.connect(transport);
    // Requests arrive through onmessage (once parsed) and answers leave through send(): in between a request
    // is running, and close() waits for it. A cancelled request gets no answer, so its cancellation ends it.
    const forget = (id: string | number) => {
      if (!session.pending.delete(id)) return;
      touchSseSession(transport.sessionId);
      if (drained) setImmediate(drained);
    };
    const receive = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (isRequest(message)) session.pending.add(message.id);
      else if (isCancellation(message)) forget(message.params.requestId);
      receive?.(message, extra);
    };
    const send = transport.send.bind(transport);
    transport.send = async (message: JSONRPCMessage) => {
      try {
        await send(message);
      } finally {
        if (isResponse(message)) forget(message.id);
      }
    };
    touchSseSession(transport.sessionId);
  };

  const handleSseMessage = async (
    req: IncomingMessage & { auth?: AuthInfo },
    res: ServerResponse,
    url: URL,
  ) => {
    const session = sseSessions.get(url.searchParams.get("sessionId") ?? "");
    // Another credential's session is answered as unknown: a session id alone must not lend its owner's key.
    if (!session || !timingSafeEqual(session.owner, ownerOf(req.auth))) {
      throw new HttpError(404, "Unknown or expired SSE session; open a new one at /sse.");
    }
    const body = await readJsonBody(req, maxBody);
    checkBatch(body);
    touchSseSession(session.transport.sessionId);
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
    if (url.pathname === PROTECTED_RESOURCE_PATH && options.authorizationServer) {
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
    if (closing) throw new HttpError(503, "The server is shutting down; try again in a moment.");
    await authenticate(req);
    if (url.pathname !== "/mcp" && (options.replicas ?? 1) > 1)
      throw new HttpError(400, SSE_NEEDS_ONE_REPLICA);
    if (url.pathname === "/mcp") await handleMcp(req, res);
    else if (url.pathname === "/sse" && req.method === "GET") await handleSseStream(req, res);
    else if (url.pathname === "/messages" && req.method === "POST") await handleSseMessage(req, res, url);
    else throw new HttpError(405, "Method not allowed.");
  };

  /**
   * Answers 413 once the client has finished sending: a connection closed while the client still writes
   * makes it fail with EPIPE instead of reading the answer. A body far over the limit is cut off instead.
   */
  const refuseBody = (req: IncomingMessage, res: ServerResponse, answer: () => void) => {
    res.setHeader("connection", "close");
    if (req.complete) {
      answer();
      return;
    }
    let drainedBytes = 0;
    req.on("data", (chunk: Buffer) => {
      drainedBytes += chunk.length;
      if (drainedBytes > MAX_BYTES_DRAINED_AFTER_413) req.socket.destroy();
    });
    req.once("end", answer);
    req.resume();
  };

  // Requests whose answer is not finished yet (an SSE stream counts until it closes); close() waits for them.
  let inFlight = 0;
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
        Object.assign(headers, error.headers);
        const code = error.jsonRpcCode ?? (error.status === 400 ? -32700 : -32000);
        const answer = () =>
          sendJson(
            res,
            error.status,
            { jsonrpc: "2.0", error: { code, message: error.message }, id: null },
            headers,
          );
        if (error.status === 413) refuseBody(req, res, answer);
        else answer();
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
  if (oauth && signIn) {
    try {
      authorizationServer = signIn.server.createOAuthServer(oauth, baseUrl, log);
    } catch (error) {
      await new Promise((resolve) => server.close(resolve));
      throw error;
    }
    oauthEndpoints = signIn.server.createOAuthEndpoints(authorizationServer, {
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
      // SSE streams stay open until their client leaves, so they do not count as work to wait for; the
      // calls running on them do, until their answers are sent down the stream.
      const pending = () => {
        let calls = inFlight - sseSessions.size;
        for (const session of sseSessions.values()) calls += session.pending.size;
        return calls;
      };
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
      for (const sessionId of [...sseSessions.keys()]) closeSseSession(sessionId);
      server.closeAllConnections();
      await closed;
    },
  };
}
