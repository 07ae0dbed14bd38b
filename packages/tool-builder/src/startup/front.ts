// The fast stdio start: answers `initialize` and `tools/list` from the build-time snapshot, then loads the
// server and hands stdio over to it. Only node:* here, so that a bin can import it before anything else.
import { existsSync, readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import {
  configurationFor,
  fastStartEnabled,
  RECORD_STARTUP_ENV,
  type StartupConfiguration,
  type StartupSnapshot,
} from "./snapshot.js";

export interface FastStartOptions {
  /** The snapshot the build wrote, e.g. `new URL("./startup.json", import.meta.url)`. */
  snapshot: URL | string;
  /** Loads and starts the server; its `runServer` takes stdio over from the front. */
  server(): Promise<unknown>;
  /** Load `.env` from the working directory first, as the server does (`loadDotEnv`). */
  dotEnv?: boolean;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  input?: Readable;
  output?: Writable;
}

/** Receives what the front read and did not answer, in order, then everything read later. */
export interface HandoverReceiver {
  line(text: string): void;
  /** A read error; `fatal` when reading stopped (a line longer than the buffer allows). */
  error(error: Error, fatal: boolean): void;
}

/** What the server's stdio transport takes over from the front. */
export interface StdioHandover {
  /** Replays the client's `initialize` (when the front answered it) and the queued lines, then goes live. */
  attach(receiver: HandoverReceiver): void;
  /** Stops delivering input. */
  detach(): void;
  /** Writes one serialized message; resolves once the output took it. */
  write(text: string): Promise<void>;
  /** True, once, for the server's answer to the replayed `initialize`: the client already has one. */
  answeredByFront(message: unknown): boolean;
  /** Calls back once the input ended and every line before the end was delivered. */
  whenInputEnds(callback: () => void): void;
}

type JsonObject = Record<string, unknown>;
type Queued = { line: string } | { error: Error; fatal: boolean } | "end";

/** Lines longer than this are refused, as the SDK's stdio transport does. */
const MAX_BUFFER_BYTES = 10 * 1024 * 1024;

let unclaimed: StdioHandover | undefined;

/** The handover from a fast start in progress, for the server's stdio start; `undefined` without one. */
export function claimStdioHandover(): StdioHandover | undefined {
  const handover = unclaimed;
  unclaimed = undefined;
  return handover;
}

function readSnapshot(location: URL | string): StartupSnapshot | undefined {
  try {
    return JSON.parse(readFileSync(location, "utf8")) as StartupSnapshot;
  } catch {
    return undefined;
  }
}

/**
 * Starts a bin: over stdio, in a configuration the build-time snapshot covers, answers `initialize` and
 * `tools/list` from it and loads the server after; otherwise (or with `MCP_FAST_START=0`) just loads it.
 */
export async function fastStart(options: FastStartOptions): Promise<void> {
  const env = options.env ?? process.env;
  try {
    if (options.dotEnv && existsSync(".env")) process.loadEnvFile(".env");
  } catch {
    // The server's own loadDotEnv reports it.
    await options.server();
    return;
  }
  const snapshot =
    fastStartEnabled(env) && env[RECORD_STARTUP_ENV] === undefined
      ? readSnapshot(options.snapshot)
      : undefined;
  const configuration = snapshot && configurationFor(snapshot, options.argv ?? process.argv.slice(2), env);
  if (!snapshot || !configuration) {
    await options.server();
    return;
  }
  new StdioFront(snapshot, configuration, options).start();
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const hasOnlyKeys = (value: JsonObject, keys: readonly string[]) =>
  Object.keys(value).every((key) => keys.includes(key));

/** A request the SDK would accept as one (a string or whole-number id, no other keys). */
function asRequest(message: unknown, method: string): (JsonObject & { id: string | number }) | undefined {
  if (!isObject(message) || message.jsonrpc !== "2.0" || message.method !== method) return undefined;
  if (!hasOnlyKeys(message, ["jsonrpc", "id", "method", "params"])) return undefined;
  const id = message.id;
  if (typeof id !== "string" && !Number.isSafeInteger(id)) return undefined;
  return message as JsonObject & { id: string | number };
}

/** An `initialize` request plain enough that the server's answer depends only on the requested version. */
function asInitialize(message: unknown) {
  const request = asRequest(message, "initialize");
  const params = request?.params;
  if (
    !request ||
    !isObject(params) ||
    !hasOnlyKeys(params, ["protocolVersion", "capabilities", "clientInfo"])
  )
    return undefined;
  const { protocolVersion, capabilities, clientInfo } = params;
  if (typeof protocolVersion !== "string" || !isObject(capabilities) || !isObject(clientInfo))
    return undefined;
  if (!Object.values(capabilities).every(isObject)) return undefined;
  const { icons, ...texts } = clientInfo;
  if (typeof texts.name !== "string" || typeof texts.version !== "string") return undefined;
  if (!Object.values(texts).every((text) => typeof text === "string")) return undefined;
  if (icons !== undefined && !Array.isArray(icons)) return undefined;
  return { id: request.id, protocolVersion };
}

function asToolList(message: unknown) {
  const request = asRequest(message, "tools/list");
  if (!request) return undefined;
  const params = request.params;
  if (params === undefined) return request;
  if (!isObject(params) || !hasOnlyKeys(params, ["cursor"])) return undefined;
  return params.cursor === undefined || typeof params.cursor === "string" ? request : undefined;
}

const isInitializedNotification = (message: unknown) =>
  isObject(message) &&
  message.jsonrpc === "2.0" &&
  message.method === "notifications/initialized" &&
  !("id" in message) &&
  hasOnlyKeys(message, ["jsonrpc", "method", "params"]) &&
  (message.params === undefined || isObject(message.params));

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Reads stdin until the server takes over; answers what the snapshot knows, queues the rest. */
class StdioFront implements StdioHandover {
  private readonly input: Readable;
  private readonly output: Writable;
  private buffer: Buffer | undefined;
  private phase: "answering" | "loading" | "attached" = "answering";
  /** The client's `initialize` as sent, replayed to the server, whose answer is then dropped. */
  private initialize: { id: string | number; line: string } | undefined;
  private initializeAnswerDropped = false;
  private readonly queue: Queued[] = [];
  private receiver: HandoverReceiver | undefined;
  private inputEnded = false;
  private endListener: (() => void) | undefined;
  private readonly exitOnSignal = () => process.exit(0);

  constructor(
    private readonly snapshot: StartupSnapshot,
    private readonly configuration: StartupConfiguration,
    private readonly options: FastStartOptions,
  ) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
  }

  start(): void {
    this.input.on("data", this.onData);
    this.input.on("error", this.onError);
    this.input.once("end", this.onEnd);
    // Until the server takes over, a signal ends the process as the server's own handler would.
    if (this.input === process.stdin) {
      process.once("SIGINT", this.exitOnSignal);
      process.once("SIGTERM", this.exitOnSignal);
    }
  }

  private readonly onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if ((this.buffer?.length ?? 0) + bytes.length > MAX_BUFFER_BYTES) {
      this.buffer = undefined;
      this.enqueue({
        error: new Error(`ReadBuffer exceeded maximum size of ${MAX_BUFFER_BYTES} bytes`),
        fatal: true,
      });
      return;
    }
    this.buffer = this.buffer ? Buffer.concat([this.buffer, bytes]) : bytes;
    for (let end = this.buffer.indexOf(10); end !== -1; end = this.buffer.indexOf(10)) {
      const line = this.buffer.toString("utf8", 0, end).replace(/\r$/, "");
      this.buffer = this.buffer.subarray(end + 1);
      this.read(line);
    }
  };

  private readonly onError = (error: Error) => this.enqueue({ error, fatal: false });

  private readonly onEnd = () => {
    this.inputEnded = true;
    // Nothing is queued while answering: the process ends as a server whose input ended would.
    if (this.phase === "answering") this.removeSignalHandlers();
    else this.enqueue("end");
  };

  private read(line: string): void {
    if (this.phase !== "answering") {
      this.enqueue({ line });
      return;
    }
    const message = parse(line);
    if (!this.initialize) {
      const initialize = asInitialize(message);
      if (initialize) {
        this.initialize = { id: initialize.id, line };
        const { supported, latest } = this.snapshot.protocolVersions;
        const protocolVersion = supported.includes(initialize.protocolVersion)
          ? initialize.protocolVersion
          : latest;
        this.answer(initialize.id, { protocolVersion, ...this.configuration.initialize });
        return;
      }
    } else if (isInitializedNotification(message)) {
      this.queue.push({ line });
      return;
    } else {
      const toolList = asToolList(message);
      if (toolList) {
        this.answer(toolList.id, this.configuration.toolList);
        this.handOver();
        return;
      }
    }
    this.queue.push({ line });
    this.handOver();
  }

  private answer(id: string | number, result: JsonObject): void {
    // The key order of the SDK's own responses.
    this.output.write(`${JSON.stringify({ result, jsonrpc: "2.0", id })}\n`);
  }

  private handOver(): void {
    this.phase = "loading";
    unclaimed = this;
    this.options.server().then(
      () => this.serverStarted(),
      (error: unknown) => {
        this.serverStarted();
        // As an unhandled failure of the bin's own `await import(...)` would.
        process.nextTick(() => {
          throw error;
        });
      },
    );
  }

  private serverStarted(): void {
    this.removeSignalHandlers();
    if (unclaimed !== this) return;
    // The server did not start over stdio (say, a bad setting it reported): stop reading so the process ends.
    unclaimed = undefined;
    this.detach();
    this.input.destroy();
  }

  private removeSignalHandlers(): void {
    process.off("SIGINT", this.exitOnSignal);
    process.off("SIGTERM", this.exitOnSignal);
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    if (this.phase === "attached") this.deliver();
    else if (this.phase === "answering") this.handOver();
  }

  private deliver(): void {
    while (this.receiver) {
      const item = this.queue.shift();
      if (item === undefined) return;
      if (item === "end") {
        const listener = this.endListener;
        this.endListener = undefined;
        if (listener) setImmediate(listener);
      } else if ("line" in item) this.receiver.line(item.line);
      else this.receiver.error(item.error, item.fatal);
    }
  }

  attach(receiver: HandoverReceiver): void {
    this.receiver = receiver;
    this.phase = "attached";
    if (this.initialize) receiver.line(this.initialize.line);
    this.deliver();
  }

  detach(): void {
    this.receiver = undefined;
    this.input.off("data", this.onData);
    this.input.off("error", this.onError);
    this.input.pause();
  }

  write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(text)) resolve();
      else this.output.once("drain", resolve);
    });
  }

  answeredByFront(message: unknown): boolean {
    if (this.initializeAnswerDropped || !this.initialize || !isObject(message) || "method" in message)
      return false;
    if (message.id !== this.initialize.id) return false;
    this.initializeAnswerDropped = true;
    return true;
  }

  whenInputEnds(callback: () => void): void {
    const delivered = this.inputEnded && !this.queue.includes("end");
    if (delivered && this.phase === "attached") setImmediate(callback);
    else this.endListener = callback;
  }
}
