// The built bins on Node 20: below `engines` and out of support, yet still what many people's `npx` runs. The
// bundles use nothing Node 22 added except the compile cache, which bin.ts looks up only when it is there; so on
// Node 20 a server must start, list its tools and answer a call, over stdio and HTTP, just slower to start.
// The repository itself needs Node 22.12 (vitest does): pnpm's engineStrict stops a build or test on Node 20 at once.
// CI (.ci/run, the GitHub workflow) sets NODE20 to a Node 20 binary; elsewhere the check looks for one.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, type TestContext, test } from "vitest";
import { defaultToolsOf, readJson, root, serverApps } from "./apps.ts";

const versionOf = (node: string): string | undefined => {
  try {
    return execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
};

/** A Node 20 binary: NODE20 (CI sets it, and it must be one), else the system's node when that is Node 20. */
function findNode20(): { node?: string; missing?: string } {
  const configured = process.env.NODE20?.trim();
  if (configured) {
    const version = versionOf(configured);
    if (!version?.startsWith("v20."))
      throw new Error(`NODE20=${configured} is ${version ?? "not runnable"}, not Node 20.`);
    return { node: configured };
  }
  if (process.env.CI)
    throw new Error("CI must set NODE20 to a Node 20 binary (.ci/run does) to check the bins on it.");
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"])
    if (versionOf(candidate)?.startsWith("v20.")) return { node: candidate };
  return { missing: "no Node 20 found (set NODE20=/path/to/node20 to run this check; CI always runs it)" };
}

const { node, missing } = findNode20();
if (missing) console.warn(`repo-tests/node20.test.ts: not run, ${missing}`);

/** Skips the test with the reason shown in the report when this machine has no Node 20. */
function needNode20(context: TestContext): string {
  context.skip(node === undefined, missing);
  return node as string;
}

/** One tool call each server can answer from its --demo fake, with what its data must hold. */
const calls: Record<string, { name: string; arguments: Record<string, unknown>; field: string }> = {
  "polar-mcp": {
    name: "get_metrics",
    arguments: { metric_names: ["revenue"], time_range: "last_30_days" },
    field: "periods",
  },
  "intervals-mcp": { name: "get_activities", arguments: {}, field: "activities" },
};

const binOf = (app: string) => join(root, "apps", app, "dist", "bin.js");

interface Fake {
  url: string;
  close(): Promise<void>;
}

/** The app's fake API (from the built package, run here on the current Node) and the settings that reach it. */
async function startFake(app: string): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  // Built by the time tests run, not when the root is typechecked: hence paths TypeScript does not follow.
  const testing = (library: string) => join(root, "packages", library, "dist", "testing", "index.js");
  if (app === "polar-mcp") {
    const { startFakePolar } = (await import(testing("polar-metrics"))) as {
      startFakePolar(options: { seed: number }): Promise<Fake & { token: string }>;
    };
    const fake = await startFakePolar({ seed: 1 });
    return { env: { POLAR_API_BASE_URL: fake.url, POLAR_ACCESS_TOKEN: fake.token }, close: fake.close };
  }
  const { startFakeIntervals } = (await import(testing("intervals-icu"))) as {
    startFakeIntervals(options: { seed: number }): Promise<Fake & { apiKey: string }>;
  };
  const fake = await startFakeIntervals({ seed: 1 });
  return { env: { INTERVALS_API_BASE_URL: fake.url, INTERVALS_API_KEY: fake.apiKey }, close: fake.close };
}

async function callAndCheck(client: Client, app: string) {
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual((await defaultToolsOf(app)).sort());
  const call = calls[app];
  if (!call) throw new Error(`no Node 20 call is defined for ${app}`);
  const result = await client.callTool({ name: call.name, arguments: call.arguments });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(result.structuredContent).toHaveProperty(call.field);
}

/** pnpm's JavaScript entry, from the `pnpm` on PATH, to run it with another Node. */
function pnpmScript(): string {
  for (const folder of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(folder, "pnpm");
    if (!existsSync(candidate)) continue;
    const script = realpathSync(candidate);
    if (readFileSync(script, "utf8").slice(0, 200).startsWith("#!/usr/bin/env node")) return script;
  }
  throw new Error(
    "this check runs pnpm's JavaScript entry with Node 20; no pnpm installed from npm is on PATH",
  );
}

test("on Node 20, pnpm refuses to build or test the repository and names the Node version needed", (context) => {
  const run = spawnSync(needNode20(context), [pnpmScript(), "run", "typecheck:root"], {
    cwd: root,
    encoding: "utf8",
  });
  expect(run.status).not.toBe(0);
  const output = run.stdout + run.stderr;
  expect(output).toContain("ERR_PNPM_UNSUPPORTED_ENGINE");
  expect(output).toContain(
    `Expected version: ${readJson<{ engines: { node: string } }>("package.json").engines.node}`,
  );
});

describe.each(serverApps)("%s on Node 20", (app) => {
  test("prints its version", (context) => {
    const version = execFileSync(needNode20(context), [binOf(app), "--version"], { encoding: "utf8" });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  // With --demo the server starts its own fake API; otherwise it is given a fake's address, as a user's key.
  test.for(["--demo", "a fake API given by its address"])(
    "answers a tool call over stdio (%s), with nothing on stderr",
    async (mode, context) => {
      const node = needNode20(context);
      const fake = mode === "--demo" ? undefined : await startFake(app);
      const transport = new StdioClientTransport({
        command: node,
        args: fake ? [binOf(app)] : [binOf(app), "--demo"],
        env: { PATH: process.env.PATH ?? "", ...fake?.env },
        stderr: "pipe",
      });
      let stderr = "";
      transport.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const client = new Client({ name: "node20-check", version: "0.0.0" });
      try {
        await client.connect(transport);
        await callAndCheck(client, app);
      } finally {
        await client.close();
        await fake?.close();
      }
      expect(stderr).not.toMatch(/Error|Warning/);
    },
  );

  test("answers a tool call over Streamable HTTP", async (context) => {
    const child: ChildProcess = spawn(
      needNode20(context),
      [binOf(app), "--demo", "--transport", "http", "--port", "0"],
      { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      let stderr = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr?.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match?.[1]) resolve(match[1]);
        });
        void exited.then((code) =>
          reject(new Error(`exited with code ${code} before listening:\n${stderr}`)),
        );
      });
      const client = new Client({ name: "node20-check", version: "0.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      try {
        await callAndCheck(client, app);
      } finally {
        await client.close();
      }
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    }
  });
});
