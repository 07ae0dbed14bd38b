import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "./logger.js";
import type { ToolContext } from "./tool.js";

/**
 * What an API client reports as it works: a request that ended, a retry, a wait for its rate limiter. The
 * `onEvent` option of `@mcp-connectors/intervals-icu` and `@mcp-connectors/polar-metrics` sends exactly these;
 * any client can, without importing MCP code.
 */
export type UpstreamEvent =
  | {
      type: "request";
      method: string;
      /** URL path without the query string. */
      path: string;
      status: number | undefined;
      ms: number;
      retries: number;
      error?: string;
    }
  | { type: "retry"; method: string; path: string; retry: number; reason: string }
  | { type: "rate-limit"; method: string; path: string; waitMs: number };

/** The tool call a client's request belongs to: its logger (scrubbing its own credential) and progress. */
interface ToolCallScope {
  log: Logger;
  progress: ToolContext["progress"];
  notified: number;
  /** Notifications still being sent: the result waits for them, or the client would drop them as late. */
  sending: Set<Promise<void>>;
}

const toolCalls = new AsyncLocalStorage<ToolCallScope>();

/** Runs a tool's handler so that the upstream events it causes reach its logger and progress reports. */
export async function runInToolCall<T>(context: ToolContext, handler: () => T | Promise<T>): Promise<T> {
  const scope: ToolCallScope = {
    log: context.log,
    progress: context.progress,
    notified: 0,
    sending: new Set(),
  };
  try {
    return await toolCalls.run(scope, handler);
  } finally {
    await Promise.allSettled(scope.sending);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * An `onEvent` listener for an API client: a debug line per request (method, path, status, ms, retries), a
 * warning per retry and per wait for the rate limit. Inside a tool call whose request carried a progress
 * token, each event also becomes a progress notification, so long calls (many requests, rate-limit waits)
 * show that they are moving; outside a tool call, lines go to `log`.
 * @example createIntervalsClient({ apiKey, onEvent: upstreamReporter(log) })
 */
export function upstreamReporter(log: Logger): (event: UpstreamEvent) => void {
  return (event) => {
    const call = toolCalls.getStore();
    const logger = call?.log ?? log;
    let progress: string;
    if (event.type === "request") {
      const outcome = event.status === undefined ? "no answer" : String(event.status);
      logger.debug(`${event.method} ${event.path} ${outcome} in ${event.ms} ms`, {
        method: event.method,
        path: event.path,
        status: event.status,
        ms: event.ms,
        retries: event.retries,
        ...(event.error !== undefined && { error: event.error }),
      });
      progress = `${event.method} ${event.path}: ${outcome}`;
    } else if (event.type === "retry") {
      logger.warn(`retrying ${event.method} ${event.path} (retry ${event.retry}) after ${event.reason}`, {
        method: event.method,
        path: event.path,
        retry: event.retry,
        reason: event.reason,
      });
      progress = `Retrying ${event.method} ${event.path} after ${event.reason}`;
    } else {
      logger.warn(`waited ${seconds(event.waitMs)} for the rate limit before ${event.method} ${event.path}`, {
        method: event.method,
        path: event.path,
        waitMs: event.waitMs,
      });
      progress = `Waited ${seconds(event.waitMs)} for the API's rate limit`;
    }
    if (call) {
      call.notified += 1;
      const sending = call.progress(call.notified, undefined, progress).catch(() => {});
      call.sending.add(sending);
      void sending.finally(() => call.sending.delete(sending));
    }
  };
}
