// Every client configuration a README shows (the JSON blocks for Claude Desktop, Cursor and VS Code) starts one
// of our servers as it says: a published bin through npx, with flags the bin accepts and variables it reads,
// or a hosted server's /mcp endpoint through the mcp-remote bridge (which the test runs against a server).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, test } from "vitest";
import { type AppPackage, environmentOf, readJson, root, serverApps } from "./apps.ts";

interface ServerEntry {
  type?: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
}

interface ClientConfig {
  inputs?: Array<{ id: string }>;
  mcpServers?: Record<string, ServerEntry>;
  servers?: Record<string, ServerEntry>;
}

const readmes = [
  "README.md",
  ...["apps", "packages"].flatMap((folder) =>
    readdirSync(join(root, folder)).map((name) => join(folder, name, "README.md")),
  ),
].filter((path) => existsSync(join(root, path)));

/** The client configurations among a README's JSON blocks, each with where it was found. */
const configs = readmes.flatMap((path) =>
  [...readFileSync(join(root, path), "utf8").matchAll(/^```json\n([\s\S]*?)^```/gm)]
    .map((match) => JSON.parse(match[1] ?? "") as ClientConfig)
    .filter((config) => config.mcpServers || config.servers)
    .map((config, index) => ({ where: `${path} #${index + 1}`, config })),
);

const appByPackage = new Map(
  serverApps.map((app) => [readJson<AppPackage>("apps", app, "package.json").name, app]),
);

/** The flags a built server's `--help` lists. */
function flagsOf(app: string): Set<string> {
  const help = execFileSync(process.execPath, [join(root, "apps", app, "dist", "bin.js"), "--help"], {
    encoding: "utf8",
  });
  return new Set(help.match(/--[a-z][a-z-]*/g) ?? []);
}

/** Runs the mcp-remote bridge as the snippet does, in front of intervals-mcp over HTTP with that token. */
async function throughBridge(options: string[], env: Record<string, string>, token: string) {
  // Built by the time tests run, not when the root is typechecked: hence a path TypeScript does not follow.
  const fakeModule = join(root, "packages", "intervals-icu", "dist", "testing", "index.js");
  const { startFakeIntervals } = (await import(fakeModule)) as {
    startFakeIntervals(options: {
      seed: number;
    }): Promise<{ url: string; apiKey: string; close(): Promise<void> }>;
  };
  const fake = await startFakeIntervals({ seed: 2 });
  const server = spawn(
    process.execPath,
    [join(root, "apps", "intervals-mcp", "dist", "bin.js"), "--transport", "http", "--port", "0"],
    {
      env: {
        PATH: process.env.PATH,
        MCP_AUTH_TOKEN: token,
        INTERVALS_API_KEY: fake.apiKey,
        INTERVALS_API_BASE_URL: fake.url,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const home = mkdtempSync(join(tmpdir(), "mcp-remote-home-"));
  const client = new Client({ name: "snippet-test", version: "1.0.0" });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      server.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1].replace("127.0.0.1", "localhost"));
      });
      server.on("exit", (code) => reject(new Error(`intervals-mcp exited (${code}): ${stderr}`)));
    });
    const bridge = createRequire(import.meta.url).resolve("mcp-remote/package.json");
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(dirname(bridge), "dist", "proxy.js"), `${url}/mcp`, ...options],
        // mcp-remote keeps OAuth state under HOME; an empty one shows that the header alone signs in.
        env: { PATH: process.env.PATH ?? "", HOME: home, ...env },
        stderr: "ignore",
      }),
    );
    const { tools } = await client.listTools();
    const athlete = await client.callTool({ name: "get_athlete", arguments: {} });
    return { tools: tools.length, athleteError: athlete.isError === true };
  } finally {
    await client.close();
    server.kill();
    await fake.close();
    rmSync(home, { recursive: true, force: true });
  }
}

test("the READMEs show a configuration for each client and server", () => {
  // Claude Desktop, Cursor and VS Code for each server, and Claude Desktop for a hosted one.
  expect(configs.length).toBeGreaterThanOrEqual(3 * serverApps.length + 1);
});

describe.each(configs)("$where", ({ config }) => {
  const entries = Object.entries({ ...config.mcpServers, ...config.servers });

  test.each(entries)("%s starts a server as documented", async (_name, entry) => {
    expect(entry.command, "a server is started with npx").toBe("npx");
    const [yes, spec = "", ...rest] = entry.args ?? [];
    expect(yes, "npx needs -y, or it stops to ask").toBe("-y");
    const packageName = spec.replace(/(?<=.)@[^/]*$/, "");
    const env = entry.env ?? {};
    if (packageName === "mcp-remote") {
      // A hosted server: its Streamable HTTP endpoint, with the bearer token in a header from the env.
      const [url = "", ...options] = rest;
      expect(new URL(url).pathname).toBe("/mcp");
      const header = options[options.indexOf("--header") + 1] ?? "";
      const variable = /^Authorization:\$\{(\w+)\}$/.exec(header)?.[1] ?? "";
      expect(env[variable], `--header ${header} takes the token from env`).toMatch(/^Bearer \S+$/);
      const token = env[variable]?.replace(/^Bearer /, "") ?? "";
      const bridged = await throughBridge(options, env, token);
      expect(bridged.tools).toBeGreaterThan(0);
      expect(bridged.athleteError).toBe(false);
      return;
    }
    const app = appByPackage.get(packageName);
    expect(app, `${packageName} is one of our server packages`).toBeDefined();
    const flags = flagsOf(app ?? "");
    for (const arg of rest.filter((arg) => arg.startsWith("--")))
      expect(flags, `${arg} is a flag of ${app}`).toContain(arg.split("=")[0]);
    const variables = environmentOf(app ?? "");
    for (const [name, value] of Object.entries(env)) {
      expect(variables, `${name} is read by ${app}`).toContain(name);
      const input = /^\$\{input:([\w-]+)\}$/.exec(value)?.[1];
      if (input)
        expect(
          config.inputs?.map((each) => each.id),
          `input ${input} is declared`,
        ).toContain(input);
    }
  });
});
