import { spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, test } from "vitest";
import { FIXTURE_SERVER, runToExit } from "./helpers/spawn-server.js";

const CANARY = "canary-stdio-key-31415926";

describe("stdio transport", () => {
  test("stdout carries nothing but JSON-RPC, and logs go to stderr with secrets scrubbed", async () => {
    const child = spawn(process.execPath, [FIXTURE_SERVER], {
      env: { ...process.env, FIXTURE_API_KEY: CANARY },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const messages = [
      {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "leak", arguments: { how: "data" } } },
      { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "leak", arguments: { how: "error" } } },
      { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "echo", arguments: { text: 42 } } },
    ];
    for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
    await new Promise<void>((resolve) => {
      const check = () =>
        stdout.split("\n").filter(Boolean).length >= 5 ? resolve() : setTimeout(check, 20);
      check();
    });
    child.stdin.end();
    const code = await new Promise((resolve) => child.on("exit", resolve));

    const lines = stdout.split("\n").filter(Boolean);
    const parsed = lines.map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result?: unknown });
    // Calls are handled concurrently, so answers may come in any order.
    expect(
      parsed.map((message) => [message.jsonrpc, message.id]).sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual([
      ["2.0", 1],
      ["2.0", 2],
      ["2.0", 3],
      ["2.0", 4],
      ["2.0", 5],
    ]);
    expect(stdout).not.toContain(CANARY);
    expect(stderr).toContain("using key [redacted]");
    expect(stderr).not.toContain(CANARY);
    expect(code).toBe(0);
  });

  test("the official SDK client lists and calls tools over stdio", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [FIXTURE_SERVER],
      stderr: "pipe",
    });
    const client = new Client({ name: "sdk", version: "1" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["echo", "fail", "leak", "long_text", "wait", "whoami"]);
    const result = await client.callTool({ name: "echo", arguments: { text: "hi" } });
    expect(result.structuredContent).toEqual({ text: "hi" });
    await client.close();
  });

  test("--read-only, --enable-destructive and --tools shape the tool list", async () => {
    const list = async (args: string[]) => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [FIXTURE_SERVER, ...args],
        stderr: "pipe",
      });
      const client = new Client({ name: "sdk", version: "1" });
      await client.connect(transport);
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      await client.close();
      return names;
    };
    expect(await list(["--enable-destructive"])).toContain("delete_everything");
    expect(await list(["--tools", "echo,whoami"])).toEqual(["echo", "whoami"]);
  });

  test("--help, --version and bad flags answer and exit", async () => {
    const help = await runToExit(FIXTURE_SERVER, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: fixture-server \[options\]/);
    expect(help.stdout).toMatch(/--transport/);
    expect(help.stdout).toMatch(/MCP_AUTH_TOKEN/);
    const version = await runToExit(FIXTURE_SERVER, ["--version"]);
    expect(version.stdout.trim()).toBe("1.2.3");
    const bad = await runToExit(FIXTURE_SERVER, ["--transport", "carrier-pigeon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--transport must be stdio, http or sse, not "carrier-pigeon"/);
    const typo = await runToExit(FIXTURE_SERVER, ["--tools", "ecko"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/Unknown tool "ecko"/);
  });
});
