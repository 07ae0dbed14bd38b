/**
 * Readers for an app's own settings in the environment (its API key, base URL, time limits): each trims the
 * value, treats unset and empty alike, and stops a bad value with a sentence naming the variable and what is
 * allowed, so every connector words its configuration errors the same way.
 */

/** Thrown for a setting the server cannot use; the message names the variable and what is allowed. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The trimmed value; unset, empty or blank is `undefined`. */
export const settingText = (value: string | undefined): string | undefined =>
  value?.trim() ? value.trim() : undefined;

/**
 * A whole number within bounds; unset or empty is `fallback` (`undefined` when there is none).
 * @example wholeNumberSetting(process.env, "MY_API_TIMEOUT_SECONDS", { fallback: 30, min: 1, max: 600 })
 */
export function wholeNumberSetting<Fallback extends number | undefined = undefined>(
  env: NodeJS.ProcessEnv,
  name: string,
  bounds: { min: number; max: number; fallback?: Fallback },
): number | Fallback {
  const text = settingText(env[name]);
  if (text === undefined) return bounds.fallback as Fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new ConfigError(
      `${name} must be a whole number from ${bounds.min} to ${bounds.max}, not "${text}".`,
    );
  }
  return value;
}

/** A yes/no setting: true/1/yes or false/0/no (any case); unset or empty is `undefined`. */
export function yesNoSetting(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const text = settingText(env[name])?.toLowerCase();
  if (text === undefined) return undefined;
  if (["true", "1", "yes"].includes(text)) return true;
  if (["false", "0", "no"].includes(text)) return false;
  throw new ConfigError(`${name} must be true or false, not "${env[name]?.trim()}".`);
}

/** An http(s) address such as an API root; unset or empty is `undefined`. */
export function httpUrlSetting(env: NodeJS.ProcessEnv, name: string, example: string): string | undefined {
  const text = settingText(env[name]);
  if (text === undefined) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new ConfigError(`${name} must be an http or https URL such as ${example}, not "${text}".`);
  }
  return text;
}
