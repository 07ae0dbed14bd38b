// Records what a server answers at start in each configuration the snapshot covers (run by the build
// through `MCP_RECORD_STARTUP=1 node dist/bin.js`, in a clean environment).
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type JSONRPCMessage,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import { type AppSpec, loggingFor, resolveSettings, serverFactory } from "../cli.js";
import {
  HTTP_URL_PATTERN,
  LOG_FORMAT_PATTERN,
  LOG_LEVEL_PATTERN,
  ORIGINS_PATTERN,
} from "../server-environment.js";
import { SNAPSHOT_ARGVS, type StartupConfiguration, type StartupSnapshot } from "./snapshot.js";

/**
 * Variables of the shared settings that a stdio start reads without effect on its answers (HTTP and log
 * settings), with the pattern of the values it accepts where it checks them (server-environment.ts).
 */
export const SHARED_NEUTRAL_ENVIRONMENT: Record<string, string | null> = {
  MCP_TRANSPORT: "^stdio$",
  MCP_PORT: "^[1-5]?\\d{1,4}$",
  PORT: "^[1-5]?\\d{1,4}$",
  MCP_AUTH_TOKEN: null,
  MCP_ALLOWED_HOSTS: null,
  MCP_ALLOWED_ORIGINS: ORIGINS_PATTERN.source,
  MCP_AUTHORIZATION_SERVER: `^(?:${HTTP_URL_PATTERN.source.slice(1, -1)})?$`,
  MCP_MAX_BODY_BYTES: null,
  MCP_SHUTDOWN_GRACE_SECONDS: null,
  // The values resolveSettings accepts (1 to 1000; 0 to 300 seconds): a stdio start uses neither, nor Redis.
  MCP_REPLICAS: "^([1-9]\\d{0,2}|1000)$",
  MCP_SHUTDOWN_DELAY_SECONDS: "^([12]?\\d{1,2}|300)$",
  REDIS_URL: null,
  MCP_HOST: null,
  MCP_LOG_LEVEL: LOG_LEVEL_PATTERN.source,
  MCP_LOG_FORMAT: LOG_FORMAT_PATTERN.source,
};

type Result = Record<string, unknown>;

/** Sends requests to a server in this process and collects its answers. */
function inProcessClient() {
  const answers = new Map<number, JSONRPCMessage>();
  const transport: Transport = {
    start: async () => {},
    close: async () => {},
    send: async (message) => {
      if ("id" in message && typeof message.id === "number") answers.set(message.id, message);
    },
  };
  let nextId = 1;
  const request = async (method: string, params?: Result): Promise<Result> => {
    const id = nextId++;
    transport.onmessage?.({ jsonrpc: "2.0", id, method, ...(params && { params }) });
    for (let wait = 0; !answers.has(id); wait++) {
      if (wait > 1000) throw new Error(`The server did not answer ${method} while recording its start.`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const answer = answers.get(id) as JSONRPCMessage;
    if (!("result" in answer)) {
      throw new Error(
        `The server answered ${method} with an error while recording its start: ${JSON.stringify(answer)}`,
      );
    }
    return answer.result;
  };
  const notify = (method: string) => transport.onmessage?.({ jsonrpc: "2.0", method });
  return { transport, request, notify };
}

/** Starts the app as a stdio start with this command line would, and asks what it answers. */
async function answersAt(app: AppSpec, argv: readonly string[], protocolVersion: string) {
  const settings = resolveSettings(app, argv, process.env);
  const { redact, log } = loggingFor(app, settings, process.env);
  const instance = await app.create(settings, { log, redact });
  try {
    const server = serverFactory(instance, settings, redact, log)();
    const client = inProcessClient();
    await server.connect(client.transport);
    const initialize = await client.request("initialize", {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: "startup-snapshot", version: "1" },
    });
    client.notify("notifications/initialized");
    const toolList = await client.request("tools/list");
    await server.close();
    return { initialize, toolList };
  } finally {
    await instance.close?.();
  }
}

/**
 * What the app answers to `initialize` and `tools/list` in each configuration of the snapshot, with the
 * environment variables the start read. Fails when an answer depends on the client's protocol version,
 * which the snapshot could not reproduce.
 */
export async function recordStartup(app: AppSpec): Promise<StartupSnapshot> {
  const environment = new Map<string, string | undefined>();
  const real = process.env;
  // Every variable read while the app starts is recorded, with its value.
  process.env = new Proxy(real, {
    get(target, name) {
      if (typeof name === "string") environment.set(name, target[name]);
      return Reflect.get(target, name);
    },
    has(target, name) {
      if (typeof name === "string") environment.set(name, target[name]);
      return Reflect.has(target, name);
    },
  });
  const configurations: StartupConfiguration[] = [];
  try {
    for (const argv of SNAPSHOT_ARGVS) {
      let first: { initialize: Result; toolList: Result } | undefined;
      for (const version of SUPPORTED_PROTOCOL_VERSIONS) {
        const { initialize, toolList } = await answersAt(app, argv, version);
        const { protocolVersion, ...rest } = initialize;
        if (protocolVersion !== version) {
          throw new Error(
            `The server answered protocol version ${String(protocolVersion)} to ${version}, which it lists as supported.`,
          );
        }
        const answers = { initialize: rest, toolList };
        if (first && JSON.stringify(first) !== JSON.stringify(answers)) {
          throw new Error(
            `What the server answers to initialize or tools/list with ${argv.join(" ") || "no flags"} depends on the protocol version, so a snapshot cannot answer it; give up the fast start for this server.`,
          );
        }
        first = answers;
      }
      if (first) configurations.push({ argv: [...argv], ...first });
    }
  } finally {
    process.env = real;
  }
  const neutral = { ...SHARED_NEUTRAL_ENVIRONMENT };
  for (const [name, pattern] of Object.entries(app.startupNeutralEnvironment ?? {})) {
    if (pattern !== true && pattern.flags) {
      throw new Error(`The pattern of ${name} in startupNeutralEnvironment has flags; write it without.`);
    }
    neutral[name] = pattern === true ? null : pattern.source;
  }
  return {
    format: 1,
    protocolVersions: { supported: [...SUPPORTED_PROTOCOL_VERSIONS], latest: LATEST_PROTOCOL_VERSION },
    environment: Object.fromEntries([...environment].sort().map(([name, value]) => [name, value ?? null])),
    neutralEnvironment: neutral,
    configurations,
  };
}
