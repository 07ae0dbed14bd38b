// A setting with a wrong address or an unknown choice stops a built server at start, before it answers anything,
// with one line that names the variable and the rule: not a handshake that succeeds and a connection that then
// closes with "Invalid URL". Checked over stdio and over HTTP (before it listens).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { root, serverApps } from "./apps.ts";

/** Each app's own address settings, and an example of the rule its error states. */
const appSettings: Record<string, Array<[string, string]>> = {
  "intervals-mcp": [
    ["INTERVALS_API_BASE_URL", "intervals.icu/api/v1"],
    ["INTERVALS_API_BASE_URL", "ftp://intervals.icu/api/v1"],
  ],
  "polar-mcp": [
    ["POLAR_API_BASE_URL", "api.polar.sh"],
    ["POLAR_SERVER", "staging"],
  ],
};

/** The settings every server reads through the tool-builder. */
const sharedSettings: Array<[string, string]> = [
  ["MCP_LOG_LEVEL", "verbose"],
  ["MCP_TRANSPORT", "websocket"],
  ["MCP_AUTHORIZATION_SERVER", "auth.example.com"],
  ["MCP_ALLOWED_ORIGINS", "app.example.com"],
  ["PUBLIC_URL", "mcp.example.com"],
  ["MCP_OAUTH", "perhaps"],
  ["MCP_TRUST_PROXY", "maybe"],
];

/** Starts the bin with one setting, sends `initialize`, and collects what it answered and said until it exits. */
function startWith(app: string, name: string, value: string, args: string[] = []) {
  const child = spawn(process.execPath, [join(root, "apps", app, "dist", "bin.js"), ...args], {
    env: { PATH: process.env.PATH ?? "", [name]: value },
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
  child.stdin.write(
    `${JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "check", version: "1" },
      },
    })}\n`,
  );
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.each(serverApps)("%s refuses a wrong setting at start", (app) => {
  test.each([...(appSettings[app] ?? []), ...sharedSettings])("%s=%s over stdio", async (name, value) => {
    const { code, stdout, stderr } = await startWith(app, name, value);
    expect(code, stderr).not.toBe(0);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines, stderr).toHaveLength(1);
    // MCP_TRANSPORT is checked as the --transport it stands for.
    const variable = name === "MCP_TRANSPORT" ? "--transport" : name;
    expect(lines[0]).toMatch(
      new RegExp(`^${app}: ${variable} must (be|list) .+, not "${value.replace(/\./g, "\\.")}"\\.$`),
    );
  });

  test.each(appSettings[app] ?? [])("%s=%s over HTTP, before listening", async (name, value) => {
    const { code, stderr } = await startWith(app, name, value, ["--transport", "http", "--port", "0"]);
    expect(code).not.toBe(0);
    expect(stderr).not.toMatch(/listening/);
    expect(stderr.trim()).toMatch(new RegExp(`^${app}: ${name} must be`));
  });
});
