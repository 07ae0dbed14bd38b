import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import type { UpstreamOAuthProvider } from "@mcp-connectors/oauth-server";
import {
  createLogger,
  createMcpServer,
  createRedactor,
  type ErrorMapper,
  type Logger,
  parseLogFormat,
  parseLogLevel,
  type Redactor,
  type ServerDefinition,
  type ToolSelection,
} from "@mcp-connectors/tool-builder";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { HttpOptions } from "./http.js";
import type { ScaleOut } from "./scale-out/start.js";
import type { SharedState } from "./scale-out/types.js";
import { serverEnvironmentProblem } from "./server-environment.js";
import { logStart, offeredToolCount, type StartFacts } from "./start-line.js";
import { asksOnlyForTools } from "./tools-only.js";

export type Transport = "stdio" | "http" | "sse";

/** A flag an app adds to the shared ones, such as `--demo`. */
export interface AppFlag {
  type: "boolean" | "string";
  description: string;
}

/** OAuth sign-in as configured by `--oauth` and the environment. */
export interface OAuthSettings {
  /** The app's client ID at the upstream provider (`OAUTH_UPSTREAM_CLIENT_ID`). */
  clientId: string;
  /** The app's client secret there (`OAUTH_UPSTREAM_CLIENT_SECRET`). */
  clientSecret: string;
  /** `PUBLIC_URL`: the https origin clients reach the server at. */
  publicUrl?: string;
  /** `TOKEN_ENCRYPTION_KEY`: 32 bytes, hex or base64, that encrypt upstream tokens at rest. */
  encryptionKey?: string;
  /** `REDIS_URL`: share sign-ins between replicas through Redis. */
  redisUrl?: string;
  /** `MCP_TRUST_PROXY`: rate-limit sign-ins by the address the reverse proxy saw (`X-Forwarded-For`). */
  trustProxy?: boolean;
}

/** How an app signs users in with its upstream provider when started with `--oauth`. */
export interface AppOAuthSpec {
  /** Builds the provider from the app's registered client credentials, e.g. with `createOAuth2Upstream`. */
  upstream(
    credentials: { clientId: string; clientSecret: string },
    settings: ServeSettings,
  ): UpstreamOAuthProvider | Promise<UpstreamOAuthProvider>;
  /** Scopes asked of the provider at sign-in. */
  scopes?: readonly string[];
}

/** What the shared command line and environment resolved to. */
export interface ServeSettings extends ToolSelection {
  transport: Transport;
  http: HttpOptions;
  /** Set when started with `--oauth` (or `MCP_OAUTH=true`). */
  oauth?: OAuthSettings;
  /** The app's own flags, by name. */
  flags: Record<string, string | boolean | undefined>;
  /** `REDIS_URL`: over HTTP, keep sign-ins, rate limits and per-key caches in Redis, shared by replicas. */
  redisUrl?: string;
  /** `MCP_REPLICAS`: how many replicas serve together (default 1); see {@link SharedState}. */
  replicas: number;
  /**
   * `MCP_SHUTDOWN_DELAY_SECONDS`: on SIGTERM over HTTP, how long to keep serving while `/readyz` answers 503,
   * so that the load balancer stops sending requests before the listener closes (default 0).
   */
  shutdownDelayMs: number;
}

/** What an app builds once its settings are known. */
export interface AppInstance {
  definition: ServerDefinition;
  /** Secrets to scrub from every result and log line (API keys, tokens). */
  secrets?: Array<string | undefined>;
  mapError?: ErrorMapper;
  /** The base URL of the API the server calls, named in the start line. */
  upstream?: string;
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
  /** Lets users sign in with the upstream provider over HTTP (`--oauth`) instead of bringing a key. */
  oauth?: AppOAuthSpec;
  create(
    settings: ServeSettings,
    context: {
      log: Logger;
      redact: Redactor;
      /** Per-credential rate limits and caches shared by the replicas: set over HTTP with `REDIS_URL`. */
      shared?: SharedState;
    },
  ): Promise<AppInstance>;
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
  "allow-any-host": {
    type: "boolean",
    description:
      "with --allow-unauthenticated off loopback: accept any Host header; env MCP_ALLOW_ANY_HOST=1",
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
  MCP_SHUTDOWN_GRACE_SECONDS:
    "on SIGTERM, how long HTTP and SSE calls in flight may take to finish (default 8)",
  MCP_MAX_BATCH_MESSAGES: "most JSON-RPC messages in one HTTP batch (default 10)",
  MCP_MAX_SSE_SESSIONS: "most SSE sessions open at once (default 100)",
  MCP_SSE_IDLE_SECONDS: "an SSE session idle this long is closed (default 600)",
  MCP_SHUTDOWN_DELAY_SECONDS:
    "on SIGTERM, serve this long with /readyz not ready before closing, for the load balancer (default 0)",
  MCP_ALLOW_ANY_HOST:
    "1 to start unauthenticated off loopback without MCP_ALLOWED_HOSTS (a proxy checks Host)",
  MCP_LOG_LEVEL: "debug, info (default), warn or error; logs go to stderr",
  MCP_LOG_FORMAT: "text (default) or json (one JSON object a line)",
};

const OAUTH_FLAGS = {
  oauth: {
    type: "boolean",
    description: "sign users in with the upstream provider over OAuth (HTTP only); env MCP_OAUTH=true",
  },
} as const satisfies Record<string, AppFlag>;

const OAUTH_ENVIRONMENT: Record<string, string> = {
  OAUTH_UPSTREAM_CLIENT_ID: "with --oauth: this app's client ID at the upstream provider",
  OAUTH_UPSTREAM_CLIENT_SECRET: "with --oauth: this app's client secret at the upstream provider",
  PUBLIC_URL: "with --oauth: the https origin clients reach this server at",
  TOKEN_ENCRYPTION_KEY: "with --oauth: 32 bytes (hex or base64) encrypting upstream tokens at rest",
  REDIS_URL:
    "over HTTP: keep sign-ins, upstream rate limits and per-key caches in Redis, shared by replicas (npm install @redis/client)",
  MCP_REPLICAS:
    "how many replicas serve together (default 1): divides the upstream limits when Redis is unreachable; over 1 turns SSE off",
  MCP_TRUST_PROXY: "with --oauth: true behind a reverse proxy, to rate-limit sign-ins by X-Forwarded-For",
};

const flagsOf = (app: Pick<AppSpec, "flags" | "oauth">): Record<string, AppFlag> =>
  app.oauth ? { ...SHARED_FLAGS, ...OAUTH_FLAGS, ...app.flags } : { ...SHARED_FLAGS, ...app.flags };

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((item) => item.trim())
    .filter(Boolean);

function helpText(app: AppSpec): string {
  const flags = flagsOf(app);
  const flagLines = Object.entries(flags).map(([name, flag]) => `  --${name.padEnd(24)} ${flag.description}`);
  const env = { ...app.environment, ...SHARED_ENVIRONMENT, ...(app.oauth && OAUTH_ENVIRONMENT) };
  const envLines = Object.entries(env).map(([name, text]) => `  ${name.padEnd(28)} ${text}`);
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
  app: Pick<AppSpec, "flags" | "credentialHeader" | "oauth">,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ServeSettings & { help: boolean; version: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: flagsOf(app), strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run with --help to see the options.`);
  }
  // --help and --version still answer when a setting is wrong.
  const environmentProblem = serverEnvironmentProblem(env);
  if (environmentProblem && values.help !== true && values.version !== true)
    throw new UsageError(environmentProblem);
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
  const graceText = env.MCP_SHUTDOWN_GRACE_SECONDS?.trim();
  const graceSeconds = graceText ? Number(graceText) : undefined;
  if (
    graceSeconds !== undefined &&
    !(Number.isFinite(graceSeconds) && graceSeconds >= 0 && graceSeconds <= 3600)
  ) {
    throw new UsageError(
      `MCP_SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 3600, not "${graceText}".`,
    );
  }
  const maxBatchMessages = wholeNumber(env, "MCP_MAX_BATCH_MESSAGES", 1, 1000);
  const maxSseSessions = wholeNumber(env, "MCP_MAX_SSE_SESSIONS", 0, 100_000);
  const sseIdleSeconds = wholeNumber(env, "MCP_SSE_IDLE_SECONDS", 1, 86_400);
  const delayText = env.MCP_SHUTDOWN_DELAY_SECONDS?.trim() || "0";
  const delaySeconds = Number(delayText);
  if (!(Number.isFinite(delaySeconds) && delaySeconds >= 0 && delaySeconds <= 300)) {
    throw new UsageError(
      `MCP_SHUTDOWN_DELAY_SECONDS must be a number of seconds from 0 to 300, not "${delayText}".`,
    );
  }
  const replicasText = env.MCP_REPLICAS?.trim() || "1";
  const replicas = Number(replicasText);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 1000) {
    throw new UsageError(`MCP_REPLICAS must be a whole number from 1 to 1000, not "${replicasText}".`);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  for (const name of Object.keys(app.flags ?? {})) flags[name] = values[name];
  const oauth =
    values.oauth === true || /^(1|true)$/i.test(env.MCP_OAUTH ?? "") ? oauthSettings(env) : undefined;
  if (oauth && transport === "stdio") {
    throw new UsageError("--oauth signs users in over HTTP: add --transport http.");
  }
  if (oauth && replicas > 1 && !oauth.redisUrl) {
    throw new UsageError(
      `--oauth with MCP_REPLICAS=${replicas} needs REDIS_URL: a sign-in made on one replica must be readable on the others.`,
    );
  }
  return {
    transport,
    oauth,
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
      shutdownGraceMs: graceSeconds === undefined ? undefined : graceSeconds * 1000,
      credentialHeader: app.credentialHeader,
      allowUnauthenticated: values["allow-unauthenticated"] === true,
      allowAnyHost: values["allow-any-host"] === true || /^(1|true|yes)$/i.test(env.MCP_ALLOW_ANY_HOST ?? ""),
      maxBatchMessages,
      maxSseSessions,
      sseIdleTimeoutMs: sseIdleSeconds === undefined ? undefined : sseIdleSeconds * 1000,
      replicas,
    },
    flags,
    redisUrl: env.REDIS_URL || undefined,
    replicas,
    shutdownDelayMs: delaySeconds * 1000,
    help: values.help === true,
    version: values.version === true,
  };
}

/** An optional whole-number setting from the environment, refused with a sentence when out of range. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return value;
}

function oauthSettings(env: NodeJS.ProcessEnv): OAuthSettings {
  const clientId = env.OAUTH_UPSTREAM_CLIENT_ID;
  const clientSecret = env.OAUTH_UPSTREAM_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new UsageError(
      "--oauth needs OAUTH_UPSTREAM_CLIENT_ID and OAUTH_UPSTREAM_CLIENT_SECRET, from registering this app at the upstream provider.",
    );
  }
  if (env.REDIS_URL && !env.TOKEN_ENCRYPTION_KEY) {
    throw new UsageError(
      "REDIS_URL needs TOKEN_ENCRYPTION_KEY too, the same on every replica; generate one with `openssl rand -base64 32`.",
    );
  }
  return {
    clientId,
    clientSecret,
    publicUrl: env.PUBLIC_URL || undefined,
    encryptionKey: env.TOKEN_ENCRYPTION_KEY || undefined,
    redisUrl: env.REDIS_URL || undefined,
    trustProxy: /^(1|true|yes)$/i.test(env.MCP_TRUST_PROXY ?? ""),
  };
}

/** Reads `.env` from the working directory into `process.env`, never overriding variables already set. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** The redactor and logger of a start, scrubbing the secrets the settings hold. */
export function loggingFor(app: Pick<AppSpec, "name">, settings: ServeSettings, env: NodeJS.ProcessEnv) {
  const redact = createRedactor([
    settings.http.authToken,
    settings.oauth?.clientSecret,
    settings.oauth?.encryptionKey,
    settings.redisUrl,
  ]);
  const log = createLogger({
    name: app.name,
    redact,
    level: parseLogLevel(env.MCP_LOG_LEVEL),
    format: parseLogFormat(env.MCP_LOG_FORMAT),
  });
  return { redact, log };
}

function startFacts(app: AppSpec, settings: ServeSettings, instance: AppInstance): StartFacts {
  return {
    name: app.name,
    version: app.version,
    transport: settings.transport,
    upstream: instance.upstream,
    readOnly: settings.readOnly === true,
    tools: offeredToolCount(instance.definition.tools, settings),
  };
}

/** Builds the MCP servers of an app instance (one over stdio, one per stateless HTTP request). */
export function serverFactory(
  instance: AppInstance,
  settings: ServeSettings,
  redact: Redactor,
  log: Logger,
): (body?: unknown) => McpServer {
  redact.add(...(instance.secrets ?? []));
  const registerOptions = { ...settings, redact, logger: log, mapError: instance.mapError };
  const definition = instance.definition;
  const toolsOnly = { ...definition, prompts: [], resources: [] };
  // Over stateless HTTP, a request's own server: without prompts and resources when it asks only for tools.
  return (body) => createMcpServer(asksOnlyForTools(body) ? toolsOnly : definition, registerOptions);
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
  const { redact, log } = loggingFor(app, settings, env);
  let instance: AppInstance | undefined;
  let scaleOut: ScaleOut | undefined;
  let shuttingDown = false;
  let shutdown: () => Promise<void>;
  /** Said once SIGTERM is handled: a supervisor that reads it and stops the server at once gets a clean exit. */
  let announce: (() => void) | undefined;
  try {
    if (settings.redisUrl && settings.transport !== "stdio") {
      const { startScaleOut } = await import("./scale-out/start.js");
      scaleOut = await startScaleOut(settings.redisUrl, settings.replicas, log);
    }
    instance = await app.create(settings, { log, redact, shared: scaleOut?.shared });
    const newServer = serverFactory(instance, settings, redact, log);
    newServer(); // fails fast on a bad --tools list, before anything listens
    if (settings.transport === "stdio") {
      const server = newServer();
      await server.connect(new StdioServerTransport());
      shutdown = () => server.close();
      process.stdin.once("end", () => void stop());
      logStart(log, startFacts(app, settings, instance));
    } else {
      const sharedReadiness = scaleOut?.readiness;
      const readiness = async () =>
        shuttingDown
          ? { ready: false, reason: "Shutting down." }
          : ((await sharedReadiness?.()) ?? { ready: true });
      let httpOptions = { ...settings.http, readiness };
      if (settings.oauth && app.oauth) {
        const { clientId, clientSecret, publicUrl, encryptionKey } = settings.oauth;
        const store = scaleOut?.tokenStore;
        const upstream = await app.oauth.upstream({ clientId, clientSecret }, settings);
        httpOptions = {
          ...httpOptions,
          oauth: {
            upstream,
            scopes: app.oauth.scopes,
            publicUrl,
            encryptionKey,
            store,
            resourceName: app.name,
            trustProxy: settings.oauth.trustProxy,
          },
        };
      }
      // Loaded here, so that a stdio start does not load (or compile) the HTTP, SSE and OAuth code.
      const { startHttpServer } = await import("./http.js");
      const http = await startHttpServer(newServer, httpOptions, log);
      const facts = {
        ...startFacts(app, settings, instance),
        listening: `${http.url} (Streamable HTTP at /mcp, SSE at /sse, health at /healthz, readiness at /readyz${settings.oauth ? ", OAuth sign-in" : ""}${scaleOut ? ", state shared in Redis" : ""})`,
      };
      announce = () => logStart(log, facts);
      shutdown = async () => {
        await http.close();
        await scaleOut?.close();
      };
    }
  } catch (error) {
    process.stderr.write(`${redact(`${app.name}: ${(error as Error).message}`)}\n`);
    await scaleOut?.close().catch(() => {});
    await instance?.close?.().catch(() => {});
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (settings.transport !== "stdio" && settings.shutdownDelayMs > 0) {
      // Not ready first, still serving: the balancer sees /readyz fail and stops sending before we close.
      shuttingDown = true;
      await new Promise((resolve) => setTimeout(resolve, settings.shutdownDelayMs));
    }
    await shutdown().catch(() => {});
    await instance?.close?.().catch(() => {});
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  announce?.();
}
