import { type ChildProcess, spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface ServerProcessOptions {
  /** The server's entry file, run with the current Node. */
  script: string;
  args?: string[];
  /** Added to (and overriding) the current environment. */
  env?: Record<string, string | undefined>;
}

/** A server process started over HTTP on a random loopback port. */
export interface HttpServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

function environment(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...extra }))
    if (value !== undefined) env[name] = value;
  return env;
}

/** Starts a server bin with `--transport http --port 0` and waits until it says where it listens. */
export async function startHttpServerProcess(options: ServerProcessOptions): Promise<HttpServerProcess> {
  const child = spawn(
    process.execPath,
    [options.script, "--transport", "http", "--port", "0", ...(options.args ?? [])],
    {
      env: environment(options.env),
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) =>
      reject(new Error(`the server exited with code ${code} before listening:\n${stderr}`)),
    );
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** An official SDK client connected to a spawned server. */
export interface ConnectedClient {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Spawns a server bin and connects an official SDK client to it over stdio, or connects over Streamable
 * HTTP or SSE to a server process already started with {@link startHttpServerProcess}.
 */
export async function connectClient(
  target:
    | ({ transport: "stdio" } & ServerProcessOptions)
    | { transport: "http" | "sse"; server: HttpServerProcess },
  headers: Record<string, string> = {},
): Promise<ConnectedClient> {
  const client = new Client({ name: "mcp-connectors-test", version: "0.0.0" });
  if (target.transport === "stdio") {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [target.script, ...(target.args ?? [])],
      env: environment(target.env),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await client.connect(transport);
    return { client, stderr: () => stderr, close: () => client.close() };
  }
  const { server } = target;
  const transport =
    target.transport === "http"
      ? new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } })
      : new SSEClientTransport(new URL(`${server.url}/sse`), {
          requestInit: { headers },
          eventSourceInit: {
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
          },
        });
  await client.connect(transport);
  return { client, stderr: server.stderr, close: () => client.close() };
}

/** One JSON-RPC message as a test sends or receives it. */
export type RawMessage = Record<string, unknown> & { id?: string | number };

/**
 * Spawns a server bin over stdio, writes the messages at once (one line each, as a client that does not
 * wait would), collects what it answers until every request has an answer, then closes stdin and waits
 * for the exit. Answers come in the order the server wrote them.
 */
export async function exchangeOverStdio(
  options: ServerProcessOptions,
  messages: readonly RawMessage[],
): Promise<{ answers: RawMessage[]; stderr: string; exitCode: number | null }> {
  const child = spawn(process.execPath, [options.script, ...(options.args ?? [])], {
    env: environment(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const expected = messages.filter((message) => message.id !== undefined && "method" in message).length;
  const answers: RawMessage[] = [];
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      for (let end = stdout.indexOf("\n"); end !== -1; end = stdout.indexOf("\n")) {
        answers.push(JSON.parse(stdout.slice(0, end)) as RawMessage);
        stdout = stdout.slice(end + 1);
      }
      if (answers.length >= expected) resolve();
    });
    void exited.then((code) =>
      reject(new Error(`the server exited with code ${code} after ${answers.length} answers:\n${stderr}`)),
    );
    for (const message of messages) child.stdin?.write(`${JSON.stringify(message)}\n`);
  });
  child.stdin?.end();
  return { answers, stderr, exitCode: await exited };
}
