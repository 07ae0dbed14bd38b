// Claude Desktop extensions: each app's manifest.json passes the official mcpb validator, maps its settings
// onto variables the server reads, and the packed .mcpb starts and offers the tools it advertises.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unpackExtension } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppPackage, defaultToolsOf, environmentOf, readJson, root, serverApps } from "./apps.ts";

interface UserConfigOption {
  type: string;
  sensitive?: boolean;
  required?: boolean;
  default?: unknown;
}

interface Manifest {
  name: string;
  version: string;
  server: {
    entry_point: string;
    mcp_config: { command: string; args: string[]; env: Record<string, string> };
  };
  tools: Array<{ name: string }>;
  user_config: Record<string, UserConfigOption>;
  privacy_policies?: string[];
}

const mcpbCli = join(root, "node_modules", ".bin", "mcpb");
const unpacked = mkdtempSync(join(tmpdir(), "mcpb-test-"));

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "scripts", "build-mcpb.mjs")], { stdio: "ignore" });
});
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

test("the mcpb validator rejects a manifest without the required fields", () => {
  const invalid = join(unpacked, "invalid-manifest.json");
  writeFileSync(invalid, JSON.stringify({ manifest_version: "0.3", name: "x" }));
  expect(() => execFileSync(mcpbCli, ["validate", invalid], { stdio: "ignore" })).toThrow();
});

describe.each(serverApps)("%s extension", (app) => {
  const manifest = readJson<Manifest>("apps", app, "manifest.json");
  const pkg = readJson<AppPackage>("apps", app, "package.json");

  test("passes the mcpb validator", () => {
    const output = execFileSync(mcpbCli, ["validate", join(root, "apps", app, "manifest.json")], {
      encoding: "utf8",
    });
    expect(output).toContain("validation passes");
  });

  test("links a privacy policy that is a file of this repository", () => {
    const policies = manifest.privacy_policies ?? [];
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const file = /^https:\/\/github\.com\/mcp-connectors\/mcp-connectors\/blob\/main\/(.+)$/.exec(
        policy,
      )?.[1];
      expect(file, `${policy} is not a file on main`).toBeDefined();
      expect(existsSync(join(root, file ?? "")), `${file} does not exist`).toBe(true);
    }
  });

  test("has the app's name and version", () => {
    expect(manifest.name).toBe(app);
    expect(manifest.version).toBe(pkg.version);
  });

  test("passes each setting in a variable the server reads, and the secret ones are sensitive", () => {
    const readByServer = environmentOf(app);
    const { env } = manifest.server.mcp_config;
    for (const name of Object.keys(env))
      expect(readByServer, `${name} is not read by ${app}`).toContain(name);
    const settingOf = (value: string) => /^\$\{user_config\.(\w+)\}$/.exec(value)?.[1] ?? "";
    expect(Object.values(env).map(settingOf).sort()).toEqual(Object.keys(manifest.user_config).sort());
    for (const [name, value] of Object.entries(env)) {
      const option = manifest.user_config[settingOf(value)];
      expect(option?.sensitive === true, `${name} is sensitive exactly when it is a secret`).toBe(
        /KEY|TOKEN|SECRET/.test(name),
      );
      // An optional setting needs a default, so that an unset one never reaches the server as a placeholder.
      if (!option?.required) expect(option?.default, `${name} needs a default`).toBeDefined();
    }
  });

  test("lists exactly the tools the server offers by default", async () => {
    expect(manifest.tools.map((tool) => tool.name).sort()).toEqual((await defaultToolsOf(app)).sort());
  });

  test("the packed .mcpb starts as Claude Desktop runs it and offers those tools", async () => {
    const dir = join(unpacked, app);
    expect(
      await unpackExtension({
        mcpbPath: join(root, "dist", "mcpb", `${app}.mcpb`),
        outputDir: dir,
        silent: true,
      }),
    ).toBe(true);
    const packed = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
    expect(packed.version).toBe(pkg.version);
    const { command, args, env } = packed.server.mcp_config;
    const settings = Object.fromEntries(
      Object.entries(packed.user_config).map(([key, option]) => [
        key,
        String(option.default ?? "test-secret"),
      ]),
    );
    const substitute = (value: string) =>
      value
        .replace(/\$\{__dirname\}/, dir)
        .replace(/\$\{user_config\.(\w+)\}/, (_, key: string) => settings[key] ?? "");
    const client = new Client({ name: "mcpb-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: command === "node" ? process.execPath : command,
        args: args.map(substitute),
        env: {
          PATH: process.env.PATH ?? "",
          ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v)])),
        },
        stderr: "ignore",
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(packed.tools.map((tool) => tool.name).sort());
    } finally {
      await client.close();
    }
  });
});
