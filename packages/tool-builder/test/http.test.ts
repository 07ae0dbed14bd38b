import { createHash } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIXTURE_SERVER, runToExit, type SpawnedServer, spawnHttpServer } from "./helpers/spawn-server.js";

const CANARY = "canary-http-key-27182818";
const AUTH_TOKEN = "test-mcp-auth-token-abcdef";
const fingerprint = (credential: string) =>
  createHash("sha256").update(credential).digest("hex").slice(0, 12);

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};
const postMcp = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body,
  });

async function connectStreamable(url: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "sdk", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }),
  );
  return client;
}

async function connectSse(url: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "sdk", version: "1" });
  await client.connect(
    new SSEClientTransport(new URL(`${url}/sse`), {
      requestInit: { headers },
      eventSourceInit: {
        fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
      },
    }),
  );
  return client;
}

describe("HTTP without server auth", () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(FIXTURE_SERVER, [], { FIXTURE_API_KEY: CANARY });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).not.toContain(CANARY);
  });

  test("/healthz answers", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("Streamable HTTP and SSE both answer tools/list and tools/call", async () => {
    for (const connect of [connectStreamable, connectSse]) {
      const client = await connect(server.url);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([
        "echo",
        "fail",
        "leak",
        "wait",
        "whoami",
      ]);
      const result = await client.callTool({ name: "echo", arguments: { text: "over http" } });
      expect(result.structuredContent).toEqual({ text: "over http" });
      await client.close();
    }
  });

  test("each request's own bearer credential reaches its handler, even when requests interleave", async () => {
    const alice = "alice-upstream-key-111111";
    const bob = "bob-upstream-key-222222";
    const clients = await Promise.all([
      connectStreamable(server.url, { authorization: `Bearer ${alice}` }),
      connectStreamable(server.url, { authorization: `Bearer ${bob}` }),
      connectSse(server.url, { authorization: `Bearer ${alice}` }),
    ]);
    const expected = [fingerprint(alice), fingerprint(bob), fingerprint(alice)];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        clients.map((client) => client.callTool({ name: "whoami", arguments: {} })),
      );
      expect(
        results.map((result) => (result.structuredContent as { fingerprint: string }).fingerprint),
      ).toEqual(expected);
    }
    const leaked = await clients[0]!.callTool({ name: "leak", arguments: { how: "tool_error" } });
    expect(JSON.stringify(leaked)).not.toContain(alice);
    expect(JSON.stringify(leaked)).not.toContain(CANARY);
    await Promise.all(clients.map((client) => client.close()));
    expect(server.stderr()).not.toContain(alice);
  });

  test("a foreign Host or Origin is refused (DNS rebinding)", async () => {
    const body = JSON.stringify(initialize);
    const badHost = await new Promise<number>((resolve, reject) => {
      // fetch does not let a caller set Host, so use node:http for this one.
      import("node:http").then(({ request }) => {
        const req = request(`${server.url}/mcp`, {
          method: "POST",
          headers: {
            host: "evil.example:80",
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        });
        req.on("response", (res) => resolve(res.statusCode ?? 0));
        req.on("error", reject);
        req.end(body);
      });
    });
    expect(badHost).toBe(403);
    const badOrigin = await postMcp(server.url, body, { origin: "https://evil.example" });
    expect(badOrigin.status).toBe(403);
    const localOrigin = await postMcp(server.url, body, { origin: "http://localhost:6274" });
    expect(localOrigin.status).toBe(200);
    expect(localOrigin.headers.get("access-control-allow-origin")).toBe("http://localhost:6274");
  });

  test("an oversized body is refused with 413", async () => {
    const huge = JSON.stringify({
      ...initialize,
      params: { ...initialize.params, padding: "x".repeat(2 * 1024 * 1024) },
    });
    const response = await postMcp(server.url, huge);
    expect(response.status).toBe(413);
  });

  test("malformed JSON gets a JSON-RPC parse error, and the server keeps serving", async () => {
    const response = await postMcp(server.url, "{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 }, id: null });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("an unknown SSE session id is refused", async () => {
    const response = await fetch(`${server.url}/messages?sessionId=not-a-session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(initialize),
    });
    expect(response.status).toBe(404);
  });

  test("GET /mcp is not allowed on the stateless endpoint", async () => {
    expect((await fetch(`${server.url}/mcp`)).status).toBe(405);
  });
});

describe("HTTP with MCP_AUTH_TOKEN", () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(FIXTURE_SERVER, [], {
      MCP_AUTH_TOKEN: AUTH_TOKEN,
      FIXTURE_API_KEY: CANARY,
      MCP_AUTHORIZATION_SERVER: "https://auth.example",
    });
  });
  afterAll(async () => {
    await server.stop();
    expect(server.stderr()).not.toContain(AUTH_TOKEN);
  });

  test("requests without or with a wrong bearer token are refused with WWW-Authenticate", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token" },
      { authorization: `Basic ${AUTH_TOKEN}` },
    ];
    for (const headers of attempts) {
      const response = await postMcp(server.url, JSON.stringify(initialize), headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(
        /^Bearer realm="mcp", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"$/,
      );
      expect(await response.text()).not.toContain(AUTH_TOKEN);
    }
    const sse = await fetch(`${server.url}/sse`);
    expect(sse.status).toBe(401);
  });

  test("the right token is accepted, and the upstream credential then comes from the app's header", async () => {
    const client = await connectStreamable(server.url, {
      authorization: `Bearer ${AUTH_TOKEN}`,
      "x-fixture-api-key": "header-upstream-key-333333",
    });
    const result = await client.callTool({ name: "whoami", arguments: {} });
    expect(result.structuredContent).toEqual({ fingerprint: fingerprint("header-upstream-key-333333") });
    await client.close();
    const noHeader = await connectStreamable(server.url, { authorization: `Bearer ${AUTH_TOKEN}` });
    const anonymous = await noHeader.callTool({ name: "whoami", arguments: {} });
    expect(anonymous.structuredContent).toEqual({ fingerprint: "none" });
    await noHeader.close();
  });

  test("protected-resource metadata (RFC 9728) points at the configured authorization server", async () => {
    const response = await fetch(`${server.url}/.well-known/oauth-protected-resource`);
    expect(await response.json()).toEqual({
      resource: `${server.url}/mcp`,
      authorization_servers: ["https://auth.example"],
      bearer_methods_supported: ["header"],
    });
  });
});

describe("HTTP start-up safety", () => {
  test("refuses a non-loopback host without auth", async () => {
    const result = await runToExit(FIXTURE_SERVER, [
      "--transport",
      "http",
      "--host",
      "0.0.0.0",
      "--port",
      "0",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 without authentication/);
  });
});

/** Resolves once the server's stderr matched `pattern` `count` times (its tools log when they start). */
async function waitForLog(server: SpawnedServer, pattern: RegExp, count: number) {
  while ((server.stderr().match(pattern) ?? []).length < count) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("HTTP shutdown", () => {
  test("SIGTERM lets calls in flight finish, then the server exits with code 0", async () => {
    const server = await spawnHttpServer(FIXTURE_SERVER);
    const call = (id: number) =>
      postMcp(
        server.url,
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          method: "tools/call",
          params: { name: "wait", arguments: { ms: 1_500 } },
        }),
      ).then((response) => response.text());
    const calls = [1, 2, 3, 4].map(call);
    await waitForLog(server, /waiting 1500 ms/g, 4);
    server.child.kill("SIGTERM");
    const answers = await Promise.all(calls);
    for (const answer of answers) expect(answer).toContain('"structuredContent":{"waited":1500}');
    expect(await server.exited).toBe(0);
  });

  test("a call that outlasts the grace period is cut off, and the server still exits", async () => {
    const server = await spawnHttpServer(FIXTURE_SERVER, [], { MCP_SHUTDOWN_GRACE_SECONDS: "1" });
    const slow = postMcp(
      server.url,
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "wait", arguments: { ms: 10_000 } },
      }),
    )
      .then((response) => response.text())
      .catch((error: Error) => `failed: ${error.message}`);
    await waitForLog(server, /waiting 10000 ms/g, 1);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(await slow).not.toContain("waited");
  });
});
