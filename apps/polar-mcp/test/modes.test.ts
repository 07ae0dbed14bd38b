import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV, dataOf, textOf } from "./helpers.js";

const APP_DIR = fileURLToPath(new URL("..", import.meta.url));

/** An HTTPS proxy that records which host each connection asked for, then refuses it. */
let proxy: Server;
let proxyUrl: string;
const connects: string[] = [];

beforeAll(async () => {
  proxy = createServer((_request, response) => response.writeHead(502).end());
  proxy.on("connect", (request, socket) => {
    connects.push(request.url ?? "");
    socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(() => {
  proxy.close();
});

/** Where a server sends its first request, seen through the proxy, plus what it told the model. */
async function hostReached(env: Record<string, string>, args: string[] = []) {
  const server = await connectClient({
    transport: "stdio",
    script: BIN,
    args,
    env: {
      ...CLEAN_ENV,
      POLAR_ACCESS_TOKEN: "polar_oat_sandboxcheck",
      POLAR_MAX_RETRIES: "0",
      NODE_USE_ENV_PROXY: "1",
      HTTPS_PROXY: proxyUrl,
      https_proxy: proxyUrl,
      NO_PROXY: "",
      no_proxy: "",
      ...env,
    },
  });
  try {
    connects.length = 0;
    const result = await server.client.callTool({ name: "get_metrics_limits", arguments: {} });
    expect(result.isError).toBe(true);
    return { host: connects[0], instructions: server.client.getInstructions() ?? "", text: textOf(result) };
  } finally {
    await server.close();
  }
}

describe("server selection", () => {
  test("production by default", async () => {
    const reached = await hostReached({});
    expect(reached.host).toBe("api.polar.sh:443");
    expect(reached.instructions).toContain("production");
  });

  test("--sandbox targets the sandbox", async () => {
    const reached = await hostReached({}, ["--sandbox"]);
    expect(reached.host).toBe("sandbox-api.polar.sh:443");
    expect(reached.instructions).toContain("sandbox");
  });

  test("POLAR_SERVER=sandbox targets the sandbox", async () => {
    expect((await hostReached({ POLAR_SERVER: "sandbox" })).host).toBe("sandbox-api.polar.sh:443");
  });

  test("the extension's switch: POLAR_SANDBOX=true targets the sandbox, false keeps production", async () => {
    expect((await hostReached({ POLAR_SANDBOX: "true" })).host).toBe("sandbox-api.polar.sh:443");
    expect((await hostReached({ POLAR_SANDBOX: "false" })).host).toBe("api.polar.sh:443");
  });
});

describe("--demo", () => {
  test("answers every tool without a token, and says the data is synthetic", async () => {
    const server = await connectClient({ transport: "stdio", script: BIN, args: ["--demo"], env: CLEAN_ENV });
    try {
      expect(server.client.getInstructions()).toContain("synthetic");
      const data = dataOf<{ totals: { value?: number }[] }>(
        await server.client.callTool({
          name: "get_metrics",
          arguments: { metric_names: ["revenue"], time_range: "last_30_days" },
        }),
      );
      expect(data.totals[0]?.value).toBeGreaterThan(0);
      const products = dataOf<{ products: unknown[] }>(
        await server.client.callTool({ name: "list_products", arguments: {} }),
      );
      expect(products.products.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe("the command line", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...CLEAN_ENV },
      encoding: "utf8",
      input: "",
      timeout: 10_000,
    });

  test("--help lists the app's flags and variables", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    for (const word of ["--sandbox", "--demo", "POLAR_ACCESS_TOKEN", "POLAR_TIMEZONE"])
      expect(help.stdout).toContain(word);
  });

  test("--version prints the package version", () => {
    expect(run(["--version"]).stdout.trim()).toBe("0.0.0");
  });

  test("--tools offers only the named tools", async () => {
    const server = await connectClient({
      transport: "stdio",
      script: BIN,
      args: ["--demo", "--tools", "get_metrics,list_metrics"],
      env: CLEAN_ENV,
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["get_metrics", "list_metrics"]);
    } finally {
      await server.close();
    }
  });
});

describe("the README", () => {
  test("its tool table is the one the built tools generate", () => {
    const check = spawnSync(
      process.execPath,
      ["node_modules/@mcp-connectors/tool-builder/dist/docs/cli.js", "dist/tools.js", "README.md", "--check"],
      { cwd: APP_DIR, encoding: "utf8" },
    );
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
