import { createOAuth2Upstream } from "@mcp-connectors/oauth-server";
import { describe, expect, test } from "vitest";
import { resolveSettings, UsageError } from "../src/cli.js";

describe("OAuth configuration", () => {
  const app = {
    oauth: {
      upstream: () =>
        createOAuth2Upstream({
          authorizationEndpoint: "https://a.example/authorize",
          tokenEndpoint: "https://a.example/token",
          clientId: "id",
          clientSecret: "secret",
        }),
    },
  };
  const env = { OAUTH_UPSTREAM_CLIENT_ID: "id", OAUTH_UPSTREAM_CLIENT_SECRET: "fake-secret" };

  test("--oauth reads the upstream client and the deployment from the environment", () => {
    const settings = resolveSettings(app, ["--oauth", "--transport", "http"], {
      ...env,
      PUBLIC_URL: "https://mcp.example.com",
      TOKEN_ENCRYPTION_KEY: "k",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(settings.oauth).toEqual({
      clientId: "id",
      clientSecret: "fake-secret",
      publicUrl: "https://mcp.example.com",
      encryptionKey: "k",
      redisUrl: "redis://127.0.0.1:6379",
      trustProxy: false,
    });
    expect(resolveSettings(app, ["--transport", "http"], { ...env, MCP_OAUTH: "true" }).oauth?.clientId).toBe(
      "id",
    );
    const behindProxy = { ...env, MCP_TRUST_PROXY: "true" };
    expect(resolveSettings(app, ["--oauth", "--transport", "http"], behindProxy).oauth?.trustProxy).toBe(
      true,
    );
    expect(resolveSettings(app, ["--transport", "http"], env).oauth).toBeUndefined();
  });

  test("missing pieces are usage errors that say what to set", () => {
    expect(() => resolveSettings(app, ["--oauth", "--transport", "http"], {})).toThrow(
      /OAUTH_UPSTREAM_CLIENT_ID and OAUTH_UPSTREAM_CLIENT_SECRET/,
    );
    expect(() => resolveSettings(app, ["--oauth"], env)).toThrow(/--transport http/);
    expect(() =>
      resolveSettings(app, ["--oauth", "--transport", "http"], { ...env, REDIS_URL: "redis://r:6379" }),
    ).toThrow(/TOKEN_ENCRYPTION_KEY/);
    expect(() => resolveSettings({}, ["--oauth"], env)).toThrow(UsageError);
  });
});
