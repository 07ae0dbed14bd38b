/**
 * The rules for the server settings the tool-builder reads from the environment whose values are a choice
 * (a level, a yes/no) or an address, so that a typo stops the start with a sentence naming the variable,
 * instead of being ignored or failing at the first request.
 */

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
const LOG_FORMATS = ["text", "json"] as const;

// Not URL.parse: the bins still run on Node 20, which lacks it.
const parseUrl = (text: string): URL | undefined => (URL.canParse(text) ? new URL(text) : undefined);

const isHttpUrl = (text: string): boolean => {
  const url = parseUrl(text);
  return url !== undefined && (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
};

const isOrigin = (text: string): boolean => isHttpUrl(text) && parseUrl(text)?.origin === text;

/** "a, b or c" */
const oneOf = (values: readonly string[]) => `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;

function yesNo(
  name: string,
  text: string,
  yes: readonly string[],
  no: readonly string[],
): string | undefined {
  const value = text.toLowerCase();
  if (yes.includes(value) || no.includes(value)) return undefined;
  return `${name} must be ${oneOf([...yes, ...no])}, not "${text}".`;
}

/**
 * What is wrong with the server settings in `env`, as one sentence, or `undefined` when nothing is. Unset and
 * empty variables are fine (their defaults apply). A value that may hold a password (`REDIS_URL`) is not quoted.
 */
export function serverEnvironmentProblem(env: NodeJS.ProcessEnv): string | undefined {
  const text = (name: string) => env[name]?.trim() || undefined;

  const level = text("MCP_LOG_LEVEL");
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level))
    return `MCP_LOG_LEVEL must be ${oneOf(LOG_LEVELS)}, not "${level}".`;

  const format = text("MCP_LOG_FORMAT");
  if (format !== undefined && !(LOG_FORMATS as readonly string[]).includes(format))
    return `MCP_LOG_FORMAT must be ${oneOf(LOG_FORMATS)}, not "${format}".`;

  for (const name of ["MCP_AUTHORIZATION_SERVER", "PUBLIC_URL"]) {
    const value = text(name);
    if (value !== undefined && !isHttpUrl(value))
      return `${name} must be an http or https URL such as https://mcp.example.com, not "${value}".`;
  }

  const origins = text("MCP_ALLOWED_ORIGINS")
    ?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  const notOrigin = origins?.find((origin) => !isOrigin(origin));
  if (notOrigin !== undefined)
    return `MCP_ALLOWED_ORIGINS must list origins (scheme, host and port, no path) such as https://app.example.com, not "${notOrigin}".`;

  const redis = text("REDIS_URL");
  if (redis !== undefined && !["redis:", "rediss:"].includes(parseUrl(redis)?.protocol ?? ""))
    return "REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379.";

  const oauth = text("MCP_OAUTH");
  if (oauth !== undefined) {
    const problem = yesNo("MCP_OAUTH", oauth, ["true", "1"], ["false", "0"]);
    if (problem) return problem;
  }
  const trustProxy = text("MCP_TRUST_PROXY");
  if (trustProxy !== undefined) {
    const problem = yesNo("MCP_TRUST_PROXY", trustProxy, ["true", "1", "yes"], ["false", "0", "no"]);
    if (problem) return problem;
  }
  return undefined;
}
