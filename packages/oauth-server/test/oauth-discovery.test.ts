import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { discoverOAuth2Upstream } from "../src/index.js";

const credentials = { clientId: "id", clientSecret: "fake-secret" };

/** A provider on loopback whose discovery answers the given statuses in turn, then the document. */
async function flakyProvider(failures: number[]) {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    const status = failures.shift();
    if (status !== undefined) res.writeHead(status).end();
    else
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          issuer: url,
          authorization_endpoint: `${url}/authorize`,
          token_endpoint: `${url}/token`,
        }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, requests: () => requests };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("OpenID discovery of the upstream provider", () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  test("a provider that fails twice (503, 429) is retried and then used", async () => {
    const provider = await flakyProvider([503, 429]);
    servers.push(provider.server);
    const upstream = await discoverOAuth2Upstream(provider.url, {
      ...credentials,
      retry: { firstDelayMs: 10 },
    });
    expect(provider.requests()).toBe(3);
    expect(String(upstream.authorizeUrl("s", "https://mcp.example/cb", []))).toMatch(
      new RegExp(`^${provider.url}/authorize\\?`),
    );
  });

  test("an unreachable provider fails after the bounded attempts, naming the URL and the cause", async () => {
    const port = await closedPort();
    await expect(
      discoverOAuth2Upstream(`http://127.0.0.1:${port}`, { ...credentials, retry: { firstDelayMs: 10 } }),
    ).rejects.toThrow(
      `OpenID discovery at http://127.0.0.1:${port}/.well-known/openid-configuration failed after 4 attempts (connect ECONNREFUSED 127.0.0.1:${port}); check that the provider is reachable from this server.`,
    );
  });

  test("a document without endpoints is a configuration error, not retried", async () => {
    const provider = await flakyProvider([404, 404, 404, 404]);
    servers.push(provider.server);
    await expect(
      discoverOAuth2Upstream(provider.url, { ...credentials, retry: { firstDelayMs: 10 } }),
    ).rejects.toThrow(/gave no authorization and token endpoints \(HTTP 404\)/);
    expect(provider.requests()).toBe(1);
  });
});
