import { DEFAULT_BASE_URL, normalizeAthleteId } from "@mcp-connectors/intervals-icu";
import { ConfigError, httpUrlSetting, settingText, wholeNumberSetting } from "@mcp-connectors/serve";

/** What the server needs to reach Intervals.icu, read from the environment. */
export interface IntervalsConfig {
  /** Personal API key (Intervals.icu → Settings → Developer Settings), sent with Basic auth. */
  apiKey: string | undefined;
  /** OAuth access token, sent as Bearer; used when no API key is set. */
  accessToken: string | undefined;
  /** `0` (the owner of the key) or `i12345`. */
  athleteId: string;
  /** API root including `/api/v1`. */
  baseUrl: string;
  /** Time limit of one request attempt, milliseconds. */
  timeoutMs: number;
  /** Retries of a failed read (429, 5xx, network). */
  maxRetries: number;
  /** Requests per second to Intervals.icu per key (also the burst after a quiet spell). */
  maxRequestsPerSecond: number;
}

/** The environment variables the server reads, one line each, for `--help` and the README. */
export const environment: Record<string, string> = {
  INTERVALS_API_KEY: "personal API key (Intervals.icu → Settings → Developer Settings); also API_KEY",
  INTERVALS_ACCESS_TOKEN: "OAuth access token, instead of an API key",
  INTERVALS_ATHLETE_ID: "athlete to read, i12345 or 12345 (default 0, the key's owner); also ATHLETE_ID",
  INTERVALS_API_BASE_URL: `API root (default ${DEFAULT_BASE_URL})`,
  INTERVALS_TIMEOUT_SECONDS: "time limit of one request to Intervals.icu (default 30)",
  INTERVALS_MAX_RETRIES: "retries of a failed read on 429, 5xx or network errors (default 3)",
  INTERVALS_MAX_REQUESTS_PER_SECOND:
    "requests per second to Intervals.icu per key, shared by all calls with that key (default 10, the API's stated rate)",
};

/** Reads the configuration; missing credentials are allowed (each HTTP request may bring its own key). */
export function readConfig(env: NodeJS.ProcessEnv): IntervalsConfig {
  const athleteText = settingText(env.INTERVALS_ATHLETE_ID) ?? settingText(env.ATHLETE_ID) ?? "0";
  let athleteId: string;
  try {
    athleteId = normalizeAthleteId(athleteText);
  } catch {
    throw new ConfigError(`INTERVALS_ATHLETE_ID must look like i12345, 12345 or 0, not "${athleteText}".`);
  }
  return {
    apiKey: settingText(env.INTERVALS_API_KEY) ?? settingText(env.API_KEY),
    accessToken: settingText(env.INTERVALS_ACCESS_TOKEN),
    athleteId,
    baseUrl: httpUrlSetting(env, "INTERVALS_API_BASE_URL", DEFAULT_BASE_URL) ?? DEFAULT_BASE_URL,
    timeoutMs:
      wholeNumberSetting(env, "INTERVALS_TIMEOUT_SECONDS", { fallback: 30, min: 1, max: 600 }) * 1000,
    maxRetries: wholeNumberSetting(env, "INTERVALS_MAX_RETRIES", { fallback: 3, min: 0, max: 10 }),
    maxRequestsPerSecond: wholeNumberSetting(env, "INTERVALS_MAX_REQUESTS_PER_SECOND", {
      fallback: 10,
      min: 1,
      max: 1000,
    }),
  };
}

/**
 * The Intervals.icu OAuth scopes to ask for: read access to activities, wellness and the calendar, and write
 * access too unless the server is read-only.
 */
export function oauthScopes(writes: boolean): string[] {
  const areas = ["ACTIVITY", "WELLNESS", "CALENDAR"];
  return [...areas.map((area) => `${area}:READ`), ...(writes ? areas.map((area) => `${area}:WRITE`) : [])];
}

/** With OAuth sign-in each user brings their own token; a configured credential would serve one account to all. */
export function checkOAuthConfig(config: IntervalsConfig): void {
  if (config.apiKey || config.accessToken) {
    throw new ConfigError(
      "--oauth signs each user in with their own Intervals.icu account: unset INTERVALS_API_KEY (API_KEY) and INTERVALS_ACCESS_TOKEN, which would serve one account to everyone.",
    );
  }
}
