import { type PolarServer, SERVER_URLS } from "@mcp-connectors/polar-metrics";
import {
  ConfigError,
  httpUrlSetting,
  settingText,
  wholeNumberSetting,
  yesNoSetting,
} from "@mcp-connectors/serve";

/** What the server needs to reach Polar, read from the environment and the command line. */
export interface PolarConfig {
  /** Organization Access Token (`polar_oat_…`) with `metrics:read`; missing means each HTTP request brings its own. */
  accessToken: string | undefined;
  /** Production and the sandbox are separate instances with separate tokens. */
  server: PolarServer;
  /** Overrides the server's URL (a proxy, or the local fake). */
  baseUrl: string | undefined;
  /** Only needed with tokens that reach several organizations; an OAT is tied to one. */
  organizationId: string | undefined;
  /** IANA time zone that presets and dates are read in. */
  timeZone: string;
  /** Time limit of one request attempt, milliseconds. */
  timeoutMs: number;
  /** Retries of a failed read (429, 5xx, network). */
  maxRetries: number;
  /** Requests per minute per token, shared by every call with that token; unset: Polar's stated limit. */
  maxRequestsPerMinute: number | undefined;
}

/** The environment variables the server reads, one line each, for `--help` and the README. */
export const environment: Record<string, string> = {
  POLAR_ACCESS_TOKEN:
    "Organization Access Token with scope metrics:read (Organization Settings → Developers); also POLAR_API_KEY or POLAR_OAT",
  POLAR_SERVER: "production (default) or sandbox; the sandbox has its own tokens",
  POLAR_SANDBOX: "true for the sandbox, same as --sandbox or POLAR_SERVER=sandbox (default false)",
  POLAR_API_BASE_URL: `API root (default ${SERVER_URLS.production}, or ${SERVER_URLS.sandbox} for the sandbox)`,
  POLAR_ORGANIZATION_ID: "organization to read, only for tokens that reach several organizations",
  POLAR_TIMEZONE: "IANA time zone for presets such as last_week (default UTC)",
  POLAR_TIMEOUT_SECONDS: "time limit of one request to Polar (default 30)",
  POLAR_MAX_RETRIES: "retries of a failed read on 429, 5xx or network errors (default 2)",
  POLAR_MAX_REQUESTS_PER_MINUTE:
    "requests a minute per token, shared by every call with that token (default Polar's limit: 500 in production, 100 in the sandbox)",
};

function readServer(env: NodeJS.ProcessEnv, sandboxFlag: boolean): PolarServer {
  const named = settingText(env.POLAR_SERVER)?.toLowerCase();
  if (named !== undefined && named !== "production" && named !== "sandbox") {
    throw new ConfigError(`POLAR_SERVER must be production or sandbox, not "${named}".`);
  }
  // The switch of the Claude Desktop extension; "false" leaves the choice to POLAR_SERVER.
  const sandboxSwitch = yesNoSetting(env, "POLAR_SANDBOX");
  if (sandboxSwitch && named === "production") {
    throw new ConfigError("POLAR_SANDBOX=true contradicts POLAR_SERVER=production: unset one of them.");
  }
  if (sandboxFlag || sandboxSwitch) return "sandbox";
  return named ?? "production";
}

function readTimeZone(env: NodeJS.ProcessEnv): string {
  const timeZone = settingText(env.POLAR_TIMEZONE) ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new ConfigError(
      `POLAR_TIMEZONE must be an IANA time zone such as Europe/Berlin or UTC, not "${timeZone}".`,
    );
  }
  return timeZone;
}

/**
 * Reads the configuration; a missing token is allowed (each HTTP request may bring its own).
 * @param flags the app's own command-line flags (`--sandbox`)
 */
export function readConfig(env: NodeJS.ProcessEnv, flags: { sandbox?: boolean } = {}): PolarConfig {
  return {
    accessToken:
      settingText(env.POLAR_ACCESS_TOKEN) ?? settingText(env.POLAR_API_KEY) ?? settingText(env.POLAR_OAT),
    server: readServer(env, flags.sandbox === true),
    baseUrl: httpUrlSetting(env, "POLAR_API_BASE_URL", SERVER_URLS.production),
    organizationId: settingText(env.POLAR_ORGANIZATION_ID),
    timeZone: readTimeZone(env),
    timeoutMs: wholeNumberSetting(env, "POLAR_TIMEOUT_SECONDS", { fallback: 30, min: 0, max: 600 }) * 1000,
    maxRetries: wholeNumberSetting(env, "POLAR_MAX_RETRIES", { fallback: 2, min: 0, max: 10 }),
    maxRequestsPerMinute: wholeNumberSetting(env, "POLAR_MAX_REQUESTS_PER_MINUTE", { min: 1, max: 10_000 }),
  };
}

/** The scopes a signed-in user grants the server: reading metrics and the products they are broken down by. */
export const OAUTH_SCOPES = ["metrics:read", "products:read"] as const;

/**
 * Where Polar's OpenID discovery document lives for the configured environment: the API's own origin
 * (`https://api.polar.sh`, or `https://sandbox-api.polar.sh`), or `POLAR_API_BASE_URL` when set (a proxy, the fake).
 */
export function oauthIssuer(config: PolarConfig): string {
  return config.baseUrl ?? SERVER_URLS[config.server];
}

/** With OAuth sign-in each user brings their own token; a configured one would serve one organization to all. */
export function checkOAuthConfig(config: PolarConfig): void {
  if (config.accessToken) {
    throw new ConfigError(
      "--oauth signs each user in with their own Polar account: unset POLAR_ACCESS_TOKEN (POLAR_API_KEY, POLAR_OAT), which would serve one organization to everyone.",
    );
  }
}
