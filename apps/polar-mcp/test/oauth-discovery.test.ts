import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

/** Runs the bin with --oauth against `baseUrl` until it listens (then stops it) or exits. */
function startWithOAuth(baseUrl: string) {
  const child = spawn(process.execPath, [BIN, "--oauth", "--transport", "http", "--port", "0"], {
    env: {
      ...process.env,
      ...CLEAN_ENV,
      POLAR_API_BASE_URL: baseUrl,
      OAUTH_UPSTREAM_CLIENT_ID: "polar_ci_fake_app",
      OAUTH_UPSTREAM_CLIENT_SECRET: "polar_cs_fake_not_real",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (/listening on http/.test(stderr)) child.kill("SIGTERM");
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr })),
  );
}

describe("polar-mcp --oauth reads Polar's discovery document at start", () => {
  test("when Polar cannot be reached it exits with one line naming the URL and the cause", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const { code, stderr } = await startWithOAuth(`http://127.0.0.1:${port}`);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `polar-mcp: OpenID discovery at http://127.0.0.1:${port}/.well-known/openid-configuration failed after 4 attempts (connect ECONNREFUSED 127.0.0.1:${port}); check that the provider is reachable from this server.`,
    );
  });

  test("a discovery that fails twice is retried, and the server starts", async () => {
    let requests = 0;
    const polar = createServer((_req, res) => {
      requests++;
      if (requests <= 2) res.writeHead(503).end();
      else
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            authorization_endpoint: `${url}/oauth2/authorize`,
            token_endpoint: `${url}/v1/oauth2/token`,
          }),
        );
    });
    await new Promise<void>((resolve) => polar.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(polar.address() as AddressInfo).port}`;
    try {
      const { stderr } = await startWithOAuth(url);
      expect(stderr).toMatch(/listening on http/);
      expect(requests).toBe(3);
    } finally {
      polar.close();
    }
  });
});
