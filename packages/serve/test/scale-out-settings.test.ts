import { describe, expect, test } from "vitest";
import { resolveSettings, UsageError } from "../src/cli.js";

const app = {};
const http = ["--transport", "http"];

describe("the scale-out settings", () => {
  test("MCP_REPLICAS, MCP_SHUTDOWN_DELAY_SECONDS and REDIS_URL are read without --oauth too", () => {
    const settings = resolveSettings(app, http, {
      MCP_REPLICAS: "3",
      MCP_SHUTDOWN_DELAY_SECONDS: "5",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect([settings.replicas, settings.http.replicas, settings.shutdownDelayMs, settings.redisUrl]).toEqual([
      3,
      3,
      5000,
      "redis://127.0.0.1:6379",
    ]);
    const defaults = resolveSettings(app, http, {});
    expect([defaults.replicas, defaults.shutdownDelayMs, defaults.redisUrl]).toEqual([1, 0, undefined]);
  });

  test.each([
    ["MCP_REPLICAS", "0", /MCP_REPLICAS must be a whole number from 1 to 1000, not "0"/],
    ["MCP_REPLICAS", "two", /MCP_REPLICAS must be a whole number from 1 to 1000, not "two"/],
    [
      "MCP_SHUTDOWN_DELAY_SECONDS",
      "-1",
      /MCP_SHUTDOWN_DELAY_SECONDS must be a number of seconds from 0 to 300/,
    ],
  ])("%s=%s is refused, naming the variable and the rule", (name, value, message) => {
    const attempt = () => resolveSettings(app, http, { [name]: value });
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  test("--oauth over several replicas needs Redis, where every replica finds the sign-ins", () => {
    const env = {
      OAUTH_UPSTREAM_CLIENT_ID: "id",
      OAUTH_UPSTREAM_CLIENT_SECRET: "fake-secret",
      MCP_REPLICAS: "2",
    };
    const oauth = { oauth: { upstream: () => Promise.reject(new Error("unused")) } };
    expect(() => resolveSettings(oauth, ["--oauth", ...http], env)).toThrow(
      "--oauth with MCP_REPLICAS=2 needs REDIS_URL: a sign-in made on one replica must be readable on the others.",
    );
    const shared = { ...env, REDIS_URL: "redis://127.0.0.1:6379", TOKEN_ENCRYPTION_KEY: "k" };
    expect(resolveSettings(oauth, ["--oauth", ...http], shared).replicas).toBe(2);
  });
});
