// A built bin inlines its MCP SDK. Installed into a project that has its own, older SDK (a project with an MCP
// server of its own that adds ours as a dependency), the bin must still start: the tool-builder's peer check
// has to judge the SDK the bin runs on, not the one it would find on disk beside it.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, describe, expect, test } from "vitest";
import { defaultToolsOf, readJson, root, serverApps } from "./apps.ts";

const project = mkdtempSync(join(tmpdir(), "bundled-sdk-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** An SDK 1.20 as npm would leave it in the project: what a lookup on disk finds first. */
function installOldSdk(): void {
  const sdk = join(project, "node_modules", "@modelcontextprotocol", "sdk");
  mkdirSync(join(sdk, "dist", "esm", "server"), { recursive: true });
  writeFileSync(
    join(sdk, "package.json"),
    JSON.stringify({
      name: "@modelcontextprotocol/sdk",
      version: "1.20.0",
      type: "module",
      exports: { "./*": "./dist/esm/*" },
    }),
  );
  writeFileSync(join(sdk, "dist", "esm", "server", "mcp.js"), "export class McpServer {}\n");
}
installOldSdk();

/** The app's package as installed in the project: its package.json and built dist. */
function installApp(app: string): string {
  const { name } = readJson<{ name: string }>("apps", app, "package.json");
  const folder = join(project, "node_modules", ...name.split("/"));
  mkdirSync(folder, { recursive: true });
  cpSync(join(root, "apps", app, "package.json"), join(folder, "package.json"));
  cpSync(join(root, "apps", app, "dist"), join(folder, "dist"), { recursive: true });
  return join(folder, "dist", "bin.js");
}

const settings: Record<string, Record<string, string>> = {
  "intervals-mcp": {
    INTERVALS_API_KEY: "fake-key-bundled-sdk",
    INTERVALS_API_BASE_URL: "http://127.0.0.1:9/api/v1",
  },
  "polar-mcp": { POLAR_ACCESS_TOKEN: "polar_oat_fakebundledsdk", POLAR_API_BASE_URL: "http://127.0.0.1:9" },
};

describe.each(serverApps)("%s installed beside an older SDK", (app) => {
  test("starts and lists its tools, judging the SDK it bundles", async () => {
    const bin = installApp(app);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      cwd: project,
      env: { PATH: process.env.PATH ?? "", ...settings[app] },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "bundled-sdk-test", version: "1.0.0" });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual((await defaultToolsOf(app)).sort());
    } catch (error) {
      throw new Error(`${app} did not start beside SDK 1.20: ${String(error)}\n${stderr}`);
    } finally {
      await client.close();
    }
    expect(stderr).not.toContain("1.20.0");
  });
});
