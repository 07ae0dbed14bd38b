import { createHash } from "node:crypto";
import { openSseSession, sendRaw } from "@mcp-connectors/test-kit";
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
        "long_text",
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

  test("an oversized body is refused with 413, which the client reads even while still sending", async () => {
    // Bodies of 2 to 6 MiB against the 1 MiB limit: the server must not close before the client is done.
    for (const mebibytes of [2, 6, 2, 6, 4]) {
      const huge = JSON.stringify({
        ...initialize,
        params: { ...initialize.params, padding: "x".repeat(mebibytes * 1024 * 1024) },
      });
      const response = await postMcp(server.url, huge);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { message: /larger than 1048576 bytes/ } });
    }
    // Without a declared length the limit is found while reading: the answer must still reach the client.
    const chunked = await sendRaw(`${server.url}/mcp`, {
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: "x".repeat(3 * 1024 * 1024),
    });
    expect(chunked.status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("a batch of more than 10 messages is refused whole, before any of it runs", async () => {
    const call = (id: number, ms: number) => ({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "wait", arguments: { ms } },
    });
    const tooMany = await postMcp(
      server.url,
      JSON.stringify(Array.from({ length: 100 }, (_, id) => call(id, 7))),
    );
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: /at most 10 JSON-RPC messages and this one holds 100/ },
    });
    expect(server.stderr()).not.toContain("waiting 7 ms");
    const ten = await postMcp(server.url, JSON.stringify(Array.from({ length: 10 }, (_, id) => call(id, 3))));
    expect(ten.status).toBe(200);
    expect((await ten.text()).match(/"waited":3/g)).toHaveLength(10);
  });

  test("no result text or data is longer than the output budget, long strings included", async () => {
    const client = await connectStreamable(server.url);
    const long = await client.callTool({ name: "long_text", arguments: { length: 100_000 } });
    const text = (long.content as Array<{ text: string }>)[0]?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(JSON.stringify(long.structuredContent).length).toBeLessThanOrEqual(20_000);
    expect(text).toMatch(/truncated: \d+ more text characters/);
    expect((long.structuredContent as { text: string }).text).toMatch(/^abcdefghij.*…$/);
    const failed = await client.callTool({ name: "fail", arguments: { kind: "x".repeat(60_000) } });
    expect(failed.isError).toBe(true);
    expect((failed.content as Array<{ text: string }>)[0]?.text.length).toBeLessThanOrEqual(20_000);
    await client.close();
  });

  test("an SSE session answers only the credential that opened it", async () => {
    const alice = { authorization: "Bearer alice-upstream-key-333333" };
    const session = await openSseSession(server.url, alice);
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    const post = (headers: Record<string, string>) =>
      sendRaw(`${server.url}/messages?sessionId=${session.sessionId}`, {
        headers: { "content-type": "application/json", ...headers },
        body: ping,
      });
    const [mallory, anonymous, viaHeader, owner] = await Promise.all([
      post({ authorization: "Bearer mallory-upstream-key-444444" }),
      post({}),
      post({ "x-fixture-api-key": "mallory-upstream-key-444444" }),
      post(alice),
    ]);
    expect([mallory.status, anonymous.status, viaHeader.status, owner.status]).toEqual([404, 404, 404, 202]);
    session.drop();
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

describe("SSE session limits", () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(FIXTURE_SERVER, [], {
      MCP_MAX_SSE_SESSIONS: "2",
      MCP_SSE_IDLE_SECONDS: "1",
    });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  test("one session more than MCP_MAX_SSE_SESSIONS gets 503 with Retry-After; a closed one frees its place", async () => {
    const [first, second] = await Promise.all([openSseSession(server.url), openSseSession(server.url)]);
    const third = await fetch(`${server.url}/sse`, { headers: { accept: "text/event-stream" } });
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("30");
    expect(await third.json()).toMatchObject({ error: { message: /Too many SSE sessions are open \(2\)/ } });
    first.drop();
    second.drop();
    let reopened: Awaited<ReturnType<typeof openSseSession>> | undefined;
    while (!reopened) reopened = await openSseSession(server.url).catch(() => undefined);
    reopened.drop();
  });

  test("a session idle for MCP_SSE_IDLE_SECONDS is closed and forgotten", async () => {
    const response = await fetch(`${server.url}/sse`, { headers: { accept: "text/event-stream" } });
    const stream = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    for (;;) {
      const chunk = await stream?.read();
      if (!chunk || chunk.done) break;
      text += chunk.value;
    }
    const sessionId = /sessionId=([\w-]+)/.exec(text)?.[1];
    expect(sessionId).toBeDefined();
    const late = await sendRaw(`${server.url}/messages?sessionId=${sessionId}`, {
      headers: { "content-type": "application/json" },
      body: { jsonrpc: "2.0", id: 1, method: "ping" },
    });
    expect(late.status).toBe(404);
    expect(server.stderr()).toContain("closing an idle SSE session");
  });

  test("a running call keeps a session open; once cancelled, it no longer does", async () => {
    const closedBefore = server.stderr().match(/closing an idle SSE session/g)?.length ?? 0;
    const client = await connectSse(server.url);
    const cancel = new AbortController();
    const call = client
      .callTool({ name: "wait", arguments: { ms: 5_000 } }, undefined, { signal: cancel.signal })
      .catch((error: Error) => error.message);
    await waitForLog(server, /waiting 5000 ms/g, 1);
    cancel.abort("changed my mind");
    expect(await call).toMatch(/changed my mind/);
    // The call's handler still runs for seconds, but it will never answer: the session is idle at once.
    await waitForLog(server, /closing an idle SSE session/g, closedBefore + 1);
    await client.close();
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

  // Spawned only: these servers listen on every address, and no request is sent to them.
  test("refuses a non-loopback host without auth and without MCP_ALLOWED_HOSTS, naming both ways out", async () => {
    const args = ["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--allow-unauthenticated"];
    const result = await runToExit(FIXTURE_SERVER, args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/without a Host check: set MCP_ALLOWED_HOSTS/);
    expect(result.stderr).toMatch(/MCP_ALLOW_ANY_HOST=1 \(--allow-any-host\)/);
    for (const [extraArgs, env] of [
      [[], { MCP_ALLOWED_HOSTS: "mcp.example.com" }],
      [["--allow-any-host"], {}],
      [[], { MCP_ALLOW_ANY_HOST: "1" }],
    ] as const) {
      const started = await spawnHttpServer(
        FIXTURE_SERVER,
        ["--host", "0.0.0.0", "--allow-unauthenticated", ...extraArgs],
        env,
      );
      expect(started.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      expect(await started.stop()).toBe(0);
    }
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

  test("SIGTERM lets calls running on SSE sessions finish and answers them down the stream", async () => {
    const server = await spawnHttpServer(FIXTURE_SERVER);
    const clients = await Promise.all([connectSse(server.url), connectSse(server.url)]);
    const calls = clients.map((client) => client.callTool({ name: "wait", arguments: { ms: 1_500 } }));
    await waitForLog(server, /waiting 1500 ms/g, 2);
    server.child.kill("SIGTERM");
    for (const result of await Promise.all(calls)) expect(result.structuredContent).toEqual({ waited: 1500 });
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
