import { readFileSync } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import type * as Vitest from "vitest";
import { initializeMessage, jsonRpcMessages, openSseSession, postMcp, sendRaw } from "./hardening.js";
import { connectClient, type HttpServerProcess, startHttpServerProcess } from "./process.js";

/** The parts of vitest the suite registers its tests with: pass `import * as vitest from "vitest"`. */
export type SuiteApi = Pick<typeof Vitest, "afterAll" | "beforeAll" | "describe" | "expect" | "it">;

/** An app's fake API, started for the suite, with what the suite needs to know about it. */
export interface HardeningFake {
  /** The credential the fake accepts, sent by the suite as `Authorization: Bearer …`. */
  credential: string;
  /** Environment of a server reading the fake with no configured credential; `extra` is added to it. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  /** Environment of a server reading the fake with the fake's credential configured (for stdio). */
  configuredEnv(): Record<string, string | undefined>;
  /** How many requests the fake has received so far. */
  requestCount(): number;
  /** Makes the next upstream request of the probe call answer after 3 s. */
  slowDownProbe(): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** What the HTTP hardening suite needs to know about one app. */
export interface HttpHardeningSpec<Fake extends HardeningFake = HardeningFake> {
  /** The server's name in `serverInfo`. */
  serverName: string;
  /** The built bin, spawned as users run it. */
  bin: string;
  /** How many tools `tools/list` lists with the default settings. */
  toolCount: number;
  /** Starts the app's fake API (the suite closes it). */
  startFake(): Promise<Fake>;
  /** A cheap read-only call that makes one upstream request. */
  probe: { name: string; arguments: Record<string, unknown> };
  /** Checks the structured answer of the probe made with the fake's credential. */
  checkProbe(structuredContent: unknown, fake: NoInfer<Fake>): void;
  /** A credential the fake refuses, and the start of the message a tool call with it gets. */
  refused: { credential: string; message: RegExp };
  /** Another user's credential, for the check that an SSE session answers only the key that opened it. */
  otherCredential: string;
  /** Calls the soak test cycles through; each must succeed against the fake. */
  soakCalls: Array<{ name: string; arguments: Record<string, unknown> }>;
  /** Environment for the soak's server on top of `fake.env()`, e.g. a raised rate limit for its one key. */
  soakEnv?: Record<string, string>;
}

const TOKEN = "mcp-hardening-token-5c1f";

const request = (method: string, params: Record<string, unknown> = {}) => ({
  jsonrpc: "2.0",
  id: 1,
  method,
  params,
});
const notification = (method: string) => ({ jsonrpc: "2.0", method, params: {} });
const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((part) => (part.type === "text" ? part.text : "")).join("\n");

/**
 * Registers the HTTP hardening, protocol conformance and soak tests for one app's built bin: bearer, Host and
 * Origin checks, body size, malformed JSON-RPC, batch limits, SSE sessions bound to their key and forgotten
 * when their client goes, two users interleaved, version negotiation, cancellation, and 1,200 calls on a small
 * heap. Call it at the top level of a test file.
 */
export function httpHardeningSuite<Fake extends HardeningFake>(
  vitest: SuiteApi,
  spec: HttpHardeningSpec<Fake>,
): void {
  const { afterAll, beforeAll, describe, expect, it } = vitest;
  let fake: Fake;
  let open: HttpServerProcess;
  let guarded: HttpServerProcess;

  beforeAll(async () => {
    fake = await spec.startFake();
    const env = fake.env({ MCP_MAX_BODY_BYTES: "65536" });
    [open, guarded] = await Promise.all([
      startHttpServerProcess({ script: spec.bin, env }),
      startHttpServerProcess({ script: spec.bin, env: { ...env, MCP_AUTH_TOKEN: TOKEN } }),
    ]);
  });

  afterAll(async () => {
    // A clean exit on SIGTERM, after everything below.
    expect(await open?.stop()).toBe(0);
    expect(await guarded?.stop()).toBe(0);
    await fake?.close();
  });

  const key = () => ({ authorization: `Bearer ${fake.credential}` });
  const rpc = async (body: unknown, headers: Record<string, string> = key()) => {
    const answer = await postMcp(open.url, body, headers);
    return { status: answer.status, messages: answer.body.trim() ? jsonRpcMessages(answer.body) : [] };
  };

  describe("HTTP hardening", () => {
    it("refuses a missing or wrong bearer token when MCP_AUTH_TOKEN is set", async () => {
      const list = request("tools/list");
      const [none, wrong, right] = await Promise.all([
        postMcp(guarded.url, list),
        postMcp(guarded.url, list, { authorization: `Bearer ${TOKEN}-not` }),
        postMcp(guarded.url, list, { authorization: `Bearer ${TOKEN}` }),
      ]);
      for (const refused of [none, wrong]) {
        expect(refused.status).toBe(401);
        expect(refused.headers["www-authenticate"]).toMatch(/^Bearer/);
        expect(JSON.parse(refused.body)).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });
      }
      expect(right.status).toBe(200);
    });

    it("refuses a foreign Host or Origin (DNS rebinding)", async () => {
      const list = request("tools/list");
      const [host, origin, local] = await Promise.all([
        postMcp(open.url, list, { ...key(), host: "evil.example" }),
        postMcp(open.url, list, { ...key(), origin: "https://evil.example" }),
        postMcp(open.url, list, { ...key(), origin: "http://localhost:6274" }),
      ]);
      expect([host.status, origin.status, local.status]).toEqual([403, 403, 200]);
    });

    it("refuses an oversized body with 413", async () => {
      const huge = request("tools/call", {
        name: spec.probe.name,
        arguments: { ...spec.probe.arguments, pad: "x".repeat(200_000) },
      });
      expect((await postMcp(open.url, huge, key())).status).toBe(413);
    });

    it("answers malformed JSON-RPC with a JSON-RPC error and keeps serving", async () => {
      const broken = await rpc("{not json");
      expect(broken.status).toBe(400);
      expect(broken.messages[0]).toMatchObject({ error: { code: -32700 }, id: null });
      for (const invalid of [{ jsonrpc: "2.0", id: 1 }, { hello: "world" }, 42, "null"]) {
        const answer = await postMcp(open.url, invalid, key());
        expect(answer.status, JSON.stringify(invalid)).toBeGreaterThanOrEqual(400);
        expect(answer.status, JSON.stringify(invalid)).toBeLessThan(500);
        expect(JSON.parse(answer.body).error.code, JSON.stringify(invalid)).toBeLessThan(-32000);
      }
      expect((await fetch(`${open.url}/healthz`)).status).toBe(200);
    });

    it("refuses a batch of 100 tool calls whole, before any upstream request", async () => {
      const before = fake.requestCount();
      const batch = Array.from({ length: 100 }, (_, id) => ({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: spec.probe,
      }));
      const answer = await postMcp(open.url, batch, key());
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { code: -32600, message: expect.stringMatching(/at most 10 JSON-RPC messages/) },
      });
      expect(fake.requestCount()).toBe(before);
    });

    it("answers an SSE session only for the key that opened it", async () => {
      const session = await openSseSession(open.url, key());
      const stolen = await sendRaw(`${open.url}/messages?sessionId=${session.sessionId}`, {
        headers: { "content-type": "application/json", authorization: `Bearer ${spec.otherCredential}` },
        body: request("tools/call", spec.probe),
      });
      expect(stolen.status).toBe(404);
      expect((await session.post(request("ping"))).status).toBe(202);
      session.drop();
    });

    it("refuses unknown SSE sessions, and forgets a session once its client is gone", async () => {
      const unknown = await sendRaw(`${open.url}/messages?sessionId=no-such-session`, {
        headers: { "content-type": "application/json" },
        body: request("ping"),
      });
      expect(unknown.status).toBe(404);
      const sessions = await Promise.all(Array.from({ length: 10 }, () => openSseSession(open.url, key())));
      for (const session of sessions) expect((await session.post(request("ping"))).status).toBe(202);
      for (const session of sessions) session.drop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const session of sessions) expect((await session.post(request("ping"))).status).toBe(404);
    });

    it("never lends one user's key to another: two users interleaved 40 times", async () => {
      const alice = await connectClient({ transport: "http", server: open }, key());
      const mallory = await connectClient(
        { transport: "http", server: open },
        { authorization: `Bearer ${spec.refused.credential}` },
      );
      try {
        const rounds = Array.from({ length: 40 }, (_, round) =>
          round % 2 === 0
            ? alice.client.callTool(spec.probe).then((result) => ["alice", result] as const)
            : mallory.client.callTool(spec.probe).then((result) => ["mallory", result] as const),
        );
        for (const [who, result] of await Promise.all(rounds)) {
          if (who === "alice") {
            expect(result.isError, textOf(result)).toBeFalsy();
            spec.checkProbe(result.structuredContent, fake);
          } else {
            expect(result.isError).toBe(true);
            expect(textOf(result)).toMatch(spec.refused.message);
          }
        }
      } finally {
        await Promise.all([alice.close(), mallory.close()]);
      }
    });
  });

  describe("protocol conformance", () => {
    it.each(["2024-11-05", "2025-03-26", LATEST_PROTOCOL_VERSION])(
      "initialize negotiates %s",
      async (version) => {
        const { messages } = await rpc(initializeMessage(version));
        expect(messages[0]).toMatchObject({
          id: 1,
          result: {
            protocolVersion: version,
            capabilities: { tools: {} },
            serverInfo: { name: spec.serverName },
          },
        });
      },
    );

    it("initialize with an unknown version answers with the latest it speaks", async () => {
      const { messages } = await rpc(initializeMessage("1999-01-01"));
      expect(messages[0]).toMatchObject({ result: { protocolVersion: LATEST_PROTOCOL_VERSION } });
    });

    it("tools/list returns every tool at once, each with an object input schema", async () => {
      const { messages } = await rpc(request("tools/list"));
      const result = messages[0]?.result as { tools: Array<Record<string, unknown>>; nextCursor?: string };
      expect(result.nextCursor).toBeUndefined();
      expect(result.tools.length).toBe(spec.toolCount);
      for (const tool of result.tools) {
        expect(tool).toMatchObject({ name: expect.any(String), inputSchema: { type: "object" } });
      }
    });

    it("an unknown tool is an error naming it; an unknown method is -32601", async () => {
      const tool = await rpc(request("tools/call", { name: "drop_tables", arguments: {} }));
      const message = JSON.stringify(tool.messages[0]);
      expect(message).toContain("drop_tables");
      const [answer] = tool.messages;
      expect(answer?.error ?? (answer?.result as { isError?: boolean } | undefined)?.isError).toBeTruthy();
      const method = await rpc(request("resources/destroy"));
      expect(method.messages[0]).toMatchObject({ id: 1, error: { code: -32601 } });
    });

    it("ignores notifications, even unknown ones, and answers ping", async () => {
      for (const method of ["notifications/initialized", "notifications/whatever"]) {
        const answer = await rpc(notification(method));
        expect([answer.status, answer.messages]).toEqual([202, []]);
      }
      expect((await rpc(request("ping"))).messages[0]).toMatchObject({ id: 1, result: {} });
    });

    it("cancels an in-flight call and keeps serving", async () => {
      const server = await connectClient({ transport: "stdio", script: spec.bin, env: fake.configuredEnv() });
      try {
        fake.slowDownProbe();
        const controller = new AbortController();
        const pending = server.client.callTool(spec.probe, undefined, { signal: controller.signal });
        setTimeout(() => controller.abort("the user changed their mind"), 200);
        await expect(pending).rejects.toThrow(/changed their mind|abort/i);
        await server.client.ping();
        expect((await server.client.callTool(spec.probe)).isError).toBeFalsy();
      } finally {
        fake.clearFaults();
        await server.close();
      }
    });
  });

  describe("soak", () => {
    it("1,200 calls over HTTP, 8 at a time, on a 96 MB heap: all answered, memory bounded", {
      timeout: 60_000,
    }, async () => {
      // A small heap makes a leak crash the server (and fail calls) instead of hiding in a lazy collector.
      const soaked = await startHttpServerProcess({
        script: spec.bin,
        env: fake.env({ NODE_OPTIONS: "--max-old-space-size=96", ...spec.soakEnv }),
      });
      const pid = soaked.child.pid as number;
      let next = 0;
      const failures: string[] = [];
      const worker = async (calls: number) => {
        for (let i = 0; i < calls; i++) {
          const params = spec.soakCalls[next++ % spec.soakCalls.length]!;
          const answer = await postMcp(soaked.url, request("tools/call", params), key());
          const [message] = answer.status === 200 ? jsonRpcMessages(answer.body) : [];
          const result = message?.result as { isError?: boolean; structuredContent?: unknown } | undefined;
          if (result?.structuredContent === undefined || result.isError)
            failures.push(`${params.name}: ${answer.status} ${answer.body.slice(0, 200)}`);
        }
      };
      try {
        await Promise.all(Array.from({ length: 8 }, () => worker(25)));
        const before = rssKb(pid);
        await Promise.all(Array.from({ length: 8 }, () => worker(125)));
        const after = rssKb(pid);
        expect(failures).toEqual([]);
        expect(next).toBe(1_200);
        // Generous: the heap is capped, so this bounds what lives outside it (buffers, sockets).
        expect(after - before).toBeLessThan(100_000);
      } finally {
        expect(await soaked.stop()).toBe(0);
      }
    });
  });
}
