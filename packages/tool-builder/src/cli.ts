import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { ErrorMapper } from "./errors.js";
import { type HttpOptions, startHttpServer } from "./http.js";
import { createLogger, type Logger, parseLogLevel } from "./logger.js";
import { createRedactor, type Redactor } from "./redact.js";
import type { ToolSelection } from "./register.js";
import { createMcpServer, type ServerDefinition } from "./server.js";

export type Transport = "stdio" | "http" | "sse";

/** A flag an app adds to the shared ones, such as `--demo`. */
export interface AppFlag {
  type: "boolean" | "string";
  description: string;
}

/** What the shared command line and environment resolved to. */
export interface ServeSettings extends ToolSelection {
  transport: Transport;
  http: HttpOptions;
  /** The app's own flags, by name. */
  flags: Record<string, string | boolean | undefined>;
}

/** What an app builds once its settings are known. */
export interface AppInstance {
  definition: ServerDefinition;
  /** Secrets to scrub from every result and log line (API keys, tokens). */
  secrets?: Array<string | undefined>;
  mapError?: ErrorMapper;
  /** Called on shutdown, e.g. to stop an in-process demo API. */
  close?(): Promise<void>;
}

export interface AppSpec {
  /** The bin's name, as typed in a shell. */
  name: string;
  version: string;
  /** One line for `--help`. */
  summary: string;
  flags?: Record<string, AppFlag>;
  /** Environment variables the app reads, with one line each, for `--help`. */
  environment?: Record<string, string>;
  /** Header for per-request upstream credentials over HTTP, e.g. `x-intervals-api-key`. */
  credentialHeader?: string;
  create(settings: ServeSettings, context: { log: Logger; redact: Redactor }): Promise<AppInstance>;
}

const SHARED_FLAGS = {
  transport: { type: "string", description: "stdio (default), http or sse; env MCP_TRANSPORT" },
  host: { type: "string", description: "HTTP host to bind (default 127.0.0.1); env MCP_HOST" },
  port: { type: "string", description: "HTTP port (default 3000); env MCP_PORT or PORT" },
  "read-only": { type: "boolean", description: "offer only read-only tools" },
  "enable-destructive": { type: "boolean", description: "offer destructive tools (off by default)" },
  tools: { type: "string", description: "offer only these tools, comma-separated" },
  "allow-unauthenticated": {
    type: "boolean",
    description: "allow a non-loopback HTTP host without MCP_AUTH_TOKEN (each request brings its own key)",
  },
  help: { type: "boolean", description: "show this help" },
  version: { type: "boolean", description: "show the version" },
} as const satisfies Record<string, AppFlag>;

const SHARED_ENVIRONMENT: Record<string, string> = {
  MCP_AUTH_TOKEN: "bearer token that HTTP clients must send (Authorization: Bearer …)",
  MCP_ALLOWED_HOSTS: "Host names accepted over HTTP, comma-separated (DNS-rebinding protection)",
  MCP_ALLOWED_ORIGINS: "browser Origins accepted over HTTP, comma-separated",
  MCP_AUTHORIZATION_SERVER: "OAuth authorization server advertised in protected-resource metadata",
  MCP_MAX_BODY_BYTES: "largest HTTP request body in bytes (default 1048576)",
  MCP_LOG_LEVEL: "debug, info (default), warn or error; logs go to stderr",
};

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((item) => item.trim())
    .filter(Boolean);

function helpText(app: AppSpec): string {
  const flags = { ...SHARED_FLAGS, ...app.flags };
  const flagLines = Object.entries(flags).map(([name, flag]) => `  --${name.padEnd(24)}${flag.description}`);
  const env = { ...app.environment, ...SHARED_ENVIRONMENT };
  const envLines = Object.entries(env).map(([name, text]) => `  ${name.padEnd(26)}${text}`);
  return [
    `${app.name} ${app.version}: ${app.summary}`,
    "",
    `Usage: ${app.name} [options]`,
    "",
    "Options:",
    ...flagLines,
    "",
    "Environment:",
    ...envLines,
    "",
  ].join("\n");
}

/** Thrown for a bad command line; the message says which flag and what is allowed. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Resolves the shared flags and environment into settings (pure; exported for tests and embedding). */
export function resolveSettings(
  app: Pick<AppSpec, "flags" | "credentialHeader">,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ServeSettings & { help: boolean; version: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: { ...SHARED_FLAGS, ...app.flags }, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run with --help to see the options.`);
  }
  const transport = (values.transport ?? env.MCP_TRANSPORT ?? "stdio") as string;
  if (transport !== "stdio" && transport !== "http" && transport !== "sse") {
    throw new UsageError(`--transport must be stdio, http or sse, not "${transport}".`);
  }
  const portText = (values.port as string | undefined) ?? env.MCP_PORT ?? env.PORT ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${portText}".`);
  }
  const maxBodyBytes = env.MCP_MAX_BODY_BYTES ? Number(env.MCP_MAX_BODY_BYTES) : undefined;
  const flags: Record<string, string | boolean | undefined> = {};
  for (const name of Object.keys(app.flags ?? {})) flags[name] = values[name];
  return {
    transport,
    readOnly: values["read-only"] === true,
    enableDestructive: values["enable-destructive"] === true,
    allow: list(values.tools as string | undefined),
    http: {
      host: (values.host as string | undefined) ?? env.MCP_HOST ?? "127.0.0.1",
      port,
      authToken: env.MCP_AUTH_TOKEN || undefined,
      allowedHosts: list(env.MCP_ALLOWED_HOSTS),
      allowedOrigins: list(env.MCP_ALLOWED_ORIGINS),
      authorizationServer: env.MCP_AUTHORIZATION_SERVER || undefined,
      maxBodyBytes: Number.isFinite(maxBodyBytes) ? maxBodyBytes : undefined,
      credentialHeader: app.credentialHeader,
      allowUnauthenticated: values["allow-unauthenticated"] === true,
    },
    flags,
    help: values.help === true,
    version: values.version === true,
  };
}

/** Reads `.env` from the working directory into `process.env`, never overriding variables already set. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * The whole life of a server bin: parse flags and environment, build the app, serve it over the chosen
 * transport, and shut down cleanly on SIGINT/SIGTERM (or when stdin closes, over stdio).
 */
export async function runServer(
  app: AppSpec,
  argv = process.argv.slice(2),
  env = process.env,
): Promise<void> {
  let settings: ReturnType<typeof resolveSettings>;
  try {
    settings = resolveSettings(app, argv, env);
  } catch (error) {
    process.stderr.write(`${app.name}: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (settings.help) {
    process.stdout.write(helpText(app));
    return;
  }
  if (settings.version) {
    process.stdout.write(`${app.version}\n`);
    return;
  }
  const redact = createRedactor([settings.http.authToken]);
  const log = createLogger({ name: app.name, redact, level: parseLogLevel(env.MCP_LOG_LEVEL) });
  let instance: AppInstance | undefined;
  let shutdown: () => Promise<void>;
  try {
    instance = await app.create(settings, { log, redact });
    redact.add(...(instance.secrets ?? []));
    const registerOptions = { ...settings, redact, logger: log, mapError: instance.mapError };
    const definition = instance.definition;
    const newServer = () => createMcpServer(definition, registerOptions);
    newServer(); // fails fast on a bad --tools list, before anything listens
    if (settings.transport === "stdio") {
      const server = newServer();
      await server.connect(new StdioServerTransport());
      shutdown = () => server.close();
      process.stdin.once("end", () => void stop());
    } else {
      const http = await startHttpServer(newServer, settings.http, log);
      log.info(`listening on ${http.url} (Streamable HTTP at /mcp, SSE at /sse, health at /healthz)`);
      shutdown = () => http.close();
    }
  } catch (error) {
    process.stderr.write(`${redact(`${app.name}: ${(error as Error).message}`)}\n`);
    await instance?.close?.().catch(() => {});
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await shutdown().catch(() => {});
    await instance?.close?.().catch(() => {});
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}
