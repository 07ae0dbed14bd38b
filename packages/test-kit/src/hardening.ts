import { request } from "node:http";

/** One raw HTTP answer, headers and body included, to check status codes and look for leaked secrets. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Everything a client could read from a response: status line, every header and the body. */
export const responseText = (response: RawResponse) =>
  `${response.status}\n${JSON.stringify(response.headers)}\n${response.body}`;

/**
 * Sends one raw HTTP request with exactly these headers (`Host` included, which `fetch` cannot set) and
 * reads the whole answer. For requests a well-behaved SDK client never sends.
 * @param body a string is sent as is; anything else as JSON
 */
export function sendRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawResponse> {
  const body =
    options.body === undefined || typeof options.body === "string"
      ? options.body
      : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "POST", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The headers a Streamable HTTP client sends with a JSON-RPC POST. */
export const MCP_POST_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

/** Posts a JSON-RPC message (or raw text) to a server's `/mcp` endpoint. */
export function postMcp(
  serverUrl: string,
  message: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return sendRaw(`${serverUrl}/mcp`, { headers: { ...MCP_POST_HEADERS, ...headers }, body: message });
}

/** An `initialize` request asking for a protocol version. */
export function initializeMessage(protocolVersion: string, id: number | string = 1) {
  return {
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw-client", version: "0.0.0" } },
  };
}

/** The JSON-RPC messages of a Streamable HTTP answer, whether sent as JSON or as SSE `data:` lines. */
export function jsonRpcMessages(body: string): Array<Record<string, unknown>> {
  const trimmed = body.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return [JSON.parse(trimmed)].flat();
  return trimmed
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => JSON.parse(line.slice(5)));
}

/** A legacy SSE stream opened by hand: its session id, and a way to drop it as a client would vanish. */
export interface RawSseSession {
  sessionId: string;
  /** Posts a JSON-RPC message to the session's `/messages` endpoint. */
  post(message: unknown): Promise<RawResponse>;
  /** Drops the stream without any goodbye. */
  drop(): void;
}

/** Opens `GET /sse` and waits for the `endpoint` event that names the session. */
export async function openSseSession(
  serverUrl: string,
  headers: Record<string, string> = {},
): Promise<RawSseSession> {
  const controller = new AbortController();
  const response = await fetch(`${serverUrl}/sse`, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`GET /sse answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let endpoint: RegExpExecArray | null = null;
  while (!endpoint) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the SSE stream ended before naming its session:\n${seen}`);
    seen += value;
    endpoint = /event: endpoint\ndata: (\S*sessionId=([\w-]+))/.exec(seen);
  }
  const [, path = "", sessionId = ""] = endpoint;
  return {
    sessionId,
    post: (message) =>
      sendRaw(new URL(path, serverUrl).href, {
        headers: { "content-type": "application/json", ...headers },
        body: message,
      }),
    drop: () => controller.abort(),
  };
}
