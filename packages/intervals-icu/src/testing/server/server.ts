import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeIntervalsOAuthRoutes } from "../oauth/provider.js";
import type { FakeStore } from "../store.js";
import { type AuthScheme, checkAuth } from "./auth.js";
import {
  defaultMessage,
  type FaultEffect,
  type FaultTable,
  htmlErrorPage,
  type RouteName,
} from "./faults.js";
import { ApiFailure, type FakeQuirks, matchRoute } from "./routes.js";
import { narrowest } from "./strict.js";

/** One request the fake received, without its credentials. */
export interface RecordedRequest {
  /** When it arrived, in `performance.now()` milliseconds. */
  at: number;
  method: string;
  /** Path including `/api/v1`, without the query. */
  path: string;
  query: Record<string, string>;
  /** The route it matched, when it matched one. */
  route: RouteName | undefined;
  /** How it authenticated (never the credential itself). */
  auth: AuthScheme;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** The status answered, or `undefined` when the connection was dropped. */
  status: number | undefined;
}

export interface ServerSettings {
  store: FakeStore;
  seed: number;
  /** Every personal API key the fake accepts. */
  apiKeys: ReadonlySet<string>;
  accessToken: string;
  oauth: FakeIntervalsOAuthRoutes;
  quirks: FakeQuirks;
  /** Serve the narrowest answers the API description allows. */
  strict: boolean;
  faults: FaultTable;
  requests: RecordedRequest[];
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): number {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json;charset=UTF-8", ...headers });
  response.end(text);
  return status;
}

function sendFailure(
  response: ServerResponse,
  status: number,
  error: string,
  headers: Record<string, string> = {},
): number {
  return sendJson(response, status, { status, error }, headers);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiFailure(400, "Malformed JSON request body");
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers a fault that replaces the response; returns the status, or undefined when it only delays. */
function answerFault(fault: FaultEffect, response: ServerResponse): number | "dropped" | undefined {
  switch (fault.type) {
    case "status": {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
      return sendFailure(response, fault.status, fault.message ?? defaultMessage(fault.status), headers);
    }
    case "html": {
      const status = fault.status ?? 502;
      response.writeHead(status, { "content-type": "text/html; charset=UTF-8" });
      response.end(htmlErrorPage(status));
      return status;
    }
    case "malformedJson":
      response.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
      response.end('{"id":"i1","name":"Morning Ride","distance":');
      return 200;
    case "drop":
      if (fault.after === "handling") return undefined;
      response.socket?.destroy();
      return "dropped";
    case "hugeBody":
      void sendHugeBody(response, fault.bytes);
      return 200;
    case "slow":
    case "trickle":
      return undefined;
  }
}

/** `{"padding":"xxxx…"}` of `bytes` bytes, written as the socket drains so the fake holds little of it. */
async function sendHugeBody(response: ServerResponse, bytes: number): Promise<void> {
  response.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
  const part = "x".repeat(64 * 1024);
  response.write('{"padding":"');
  for (let sent = 14; sent < bytes && !response.destroyed; sent += part.length) {
    if (!response.write(part)) await drainedOrClosed(response);
  }
  if (!response.destroyed) response.end('"}');
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

/** Sends a JSON answer's headers at once and its body in 20 parts, one every `intervalMs`. */
async function trickleJson(response: ServerResponse, body: unknown, intervalMs: number): Promise<number> {
  const text = JSON.stringify(body);
  response.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
  const size = Math.ceil(text.length / 20);
  for (let start = 0; start < text.length && !response.destroyed; start += size) {
    response.write(text.slice(start, start + size));
    await sleep(intervalMs);
  }
  if (!response.destroyed) response.end();
  return 200;
}

/** Starts the HTTP server on 127.0.0.1 with a random free port. */
export async function startServer(settings: ServerSettings): Promise<RunningServer> {
  const server = createServer((request, response) => {
    void handle(settings, request, response).catch(() => {
      if (!response.headersSent) sendFailure(response, 500, "Internal Server Error");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  settings: ServerSettings,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (await settings.oauth.handle(request, response, url)) return;
  const method = request.method ?? "GET";
  const matched = matchRoute(method, url.pathname);
  const route = typeof matched === "object" ? matched.route : undefined;
  const record: RecordedRequest = {
    at: performance.now(),
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    route: route?.name,
    auth: "none",
    body: undefined,
    status: undefined,
  };
  settings.requests.push(record);
  const signedIn = settings.oauth.storeFor(request.headers);
  const auth = signedIn
    ? ({ ok: true, scheme: "bearer" } as const)
    : checkAuth(request.headers, settings.apiKeys, settings.accessToken);
  record.auth = auth.scheme;

  const fault = settings.faults.take(route?.name);
  if (fault) {
    if (fault.type === "slow" || fault.type === "trickle") await sleep(fault.delayMs ?? 0);
    const answered = answerFault(fault, response);
    if (answered === "dropped") return;
    if (answered !== undefined) {
      record.status = answered;
      return;
    }
  }

  try {
    record.body = await readBody(request);
    if (!auth.ok) {
      record.status = sendFailure(response, auth.status, auth.error);
      return;
    }
    if (matched === "wrongMethod") {
      record.status = sendFailure(response, 405, "Method Not Allowed");
      return;
    }
    if (!matched) {
      record.status = sendJson(response, 404, {
        timestamp: new Date().toISOString(),
        status: 404,
        error: "Not Found",
        path: url.pathname,
      });
      return;
    }
    const store = signedIn ?? settings.store;
    if (matched.route.athleteScoped && !isOwnAthlete(matched.params[0] ?? "", store.profile.id)) {
      record.status = sendFailure(response, 403, "Access denied");
      return;
    }
    const result = matched.route.handle({
      params: matched.params,
      query: url.searchParams,
      body: record.body,
      store,
      seed: settings.seed,
      quirks: settings.quirks,
      strict: settings.strict,
    });
    if (fault?.type === "drop") {
      response.socket?.destroy();
      return;
    }
    const answer = settings.strict ? narrowest(result, !url.searchParams.has("fields")) : result;
    record.status =
      fault?.type === "trickle"
        ? await trickleJson(response, answer, fault.intervalMs)
        : sendJson(response, 200, answer);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    record.status = sendFailure(response, error.status, error.error);
  }
}

function isOwnAthlete(requested: string, ownId: string): boolean {
  return requested === "0" || requested === ownId || `i${requested}` === ownId;
}
