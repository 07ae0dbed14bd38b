import { describe, expect, test } from "vitest";
import { resolveSettings, UsageError } from "../src/cli.js";

const app = { flags: {}, credentialHeader: undefined, oauth: undefined };
const settingsWith =
  (env: NodeJS.ProcessEnv, argv: string[] = []) =>
  () =>
    resolveSettings(app, argv, env);

describe("the server settings are checked at start", () => {
  test.each([
    ["MCP_LOG_LEVEL", "verbose", /^MCP_LOG_LEVEL must be debug, info, warn or error, not "verbose"\.$/],
    ["MCP_LOG_LEVEL", "INFO", /^MCP_LOG_LEVEL must be/],
    ["MCP_LOG_FORMAT", "jsonl", /^MCP_LOG_FORMAT must be text or json, not "jsonl"\.$/],
    [
      "MCP_AUTHORIZATION_SERVER",
      "auth.example.com",
      /^MCP_AUTHORIZATION_SERVER must be an http or https URL/,
    ],
    ["MCP_AUTHORIZATION_SERVER", "ftp://auth.example.com", /^MCP_AUTHORIZATION_SERVER must be an http/],
    ["PUBLIC_URL", "mcp.example.com", /^PUBLIC_URL must be an http or https URL such as https:\/\/mcp/],
    ["MCP_ALLOWED_ORIGINS", "https://a.example.com, b.example.com", /not "b\.example\.com"\.$/],
    ["MCP_ALLOWED_ORIGINS", "https://app.example.com/", /^MCP_ALLOWED_ORIGINS must list origins/],
    ["REDIS_URL", "localhost:6379", /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    ["MCP_OAUTH", "perhaps", /^MCP_OAUTH must be true, 1, false or 0, not "perhaps"\.$/],
    ["MCP_OAUTH", "yes", /^MCP_OAUTH must be/],
    ["MCP_TRUST_PROXY", "maybe", /^MCP_TRUST_PROXY must be true, 1, yes, false, 0 or no, not "maybe"\.$/],
  ])("%s=%s is refused, naming the variable and the rule", (name, value, message) => {
    expect(settingsWith({ [name]: value })).toThrow(UsageError);
    expect(settingsWith({ [name]: value })).toThrow(message);
  });

  test("a REDIS_URL that may hold a password is not quoted", () => {
    expect(settingsWith({ REDIS_URL: "redis-password-s3cret" })).toThrow(/^(?!.*s3cret)/);
  });

  test.each([
    ["MCP_LOG_LEVEL", "debug"],
    ["MCP_LOG_LEVEL", " error "],
    ["MCP_LOG_LEVEL", ""],
    ["MCP_LOG_FORMAT", "json"],
    ["MCP_LOG_FORMAT", "text"],
    ["MCP_AUTHORIZATION_SERVER", "https://auth.example.com/realms/mcp"],
    ["PUBLIC_URL", "http://127.0.0.1:8080"],
    ["MCP_ALLOWED_ORIGINS", "https://a.example.com, http://localhost:5173"],
    ["REDIS_URL", "rediss://user:pass@redis.internal:6380/0"],
    ["MCP_OAUTH", "FALSE"],
    ["MCP_TRUST_PROXY", "yes"],
  ])("%s=%s is accepted", (name, value) => {
    expect(settingsWith({ [name]: value })).not.toThrow();
  });

  test("--help and --version still answer with a wrong setting", () => {
    expect(settingsWith({ MCP_LOG_LEVEL: "verbose" }, ["--help"])().help).toBe(true);
    expect(settingsWith({ MCP_LOG_LEVEL: "verbose" }, ["--version"])().version).toBe(true);
  });
});
