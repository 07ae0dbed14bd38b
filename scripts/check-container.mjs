// `pnpm check:container`: builds the Docker image of each server from the repository's Dockerfile and checks
// it as a hosted deployment runs it: the server answers /healthz and the image's own HEALTHCHECK command, runs
// as a non-root user that cannot change its code, refuses a request without the bearer token, lists its tools
// and answers tool calls (official SDK client over Streamable HTTP, against the fake API on loopback), keeps
// the credential out of its log, and exits with code 0 on SIGTERM. Not part of `pnpm test`: it needs a
// container engine and takes minutes. Linux only: the container shares the host's network to reach the fake.
// Environment: CONTAINER_ENGINE (docker or podman; default: whichever is on PATH), CONTAINER_BUILD=0 to check
// images built earlier (tagged intervals-mcp and polar-mcp), CONTAINER_BUILD_ARGS and CONTAINER_RUN_ARGS
// (extra arguments, space-separated, e.g. a podman runtime on an unusual host).
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const words = (text) => (text ?? "").split(/\s+/).filter(Boolean);
const onPath = (command) => spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
const engine = process.env.CONTAINER_ENGINE ?? ["docker", "podman"].find(onPath);
if (!engine) throw new Error("No container engine: install docker or podman, or set CONTAINER_ENGINE.");
const run = (...args) =>
  execFileSync(engine, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const succeeds = (...args) => spawnSync(engine, args, { stdio: "ignore" }).status === 0;
const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const BEARER = "container-check-bearer";

const servers = [
  {
    app: "intervals-mcp",
    port: 18_181,
    startFake: async () =>
      (await import("../packages/intervals-icu/dist/testing/index.js")).startFakeIntervals({ seed: 3 }),
    env: (fake) => ({ INTERVALS_API_KEY: fake.apiKey, INTERVALS_API_BASE_URL: fake.url }),
    secret: (fake) => fake.apiKey,
    calls: [
      ["get_athlete", {}],
      ["get_activities", { limit: 3 }],
    ],
  },
  {
    app: "polar-mcp",
    port: 18_182,
    startFake: async () =>
      (await import("../packages/polar-metrics/dist/testing/index.js")).startFakePolar({ seed: 3 }),
    env: (fake) => ({ POLAR_ACCESS_TOKEN: fake.token, POLAR_API_BASE_URL: fake.url }),
    secret: (fake) => fake.token,
    calls: [
      ["get_metrics", { metric_names: ["revenue"], time_range: "last_30_days" }],
      ["list_products", {}],
    ],
  },
];

const failures = [];
const check = (server, what, ok, detail = "") => {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}`);
  if (!ok) failures.push(`${server}: ${what}`);
};

async function waitForHealth(port) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return false;
}

for (const server of servers) {
  console.log(`\n${server.app} (${engine})`);
  if (process.env.CONTAINER_BUILD !== "0") {
    const started = performance.now();
    execFileSync(
      engine,
      [
        "build",
        ...words(process.env.CONTAINER_BUILD_ARGS),
        "--build-arg",
        `APP=${server.app}`,
        "-t",
        server.app,
        ".",
      ],
      { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
    );
    console.log(`  built in ${Math.round((performance.now() - started) / 1000)} s`);
  }
  const fake = await server.startFake();
  const name = `${server.app}-check`;
  spawnSync(engine, ["rm", "-f", name], { stdio: "ignore" });
  const env = { MCP_PORT: String(server.port), MCP_AUTH_TOKEN: BEARER, ...server.env(fake) };
  try {
    run(
      "run",
      "-d",
      "--name",
      name,
      "--network",
      "host",
      ...words(process.env.CONTAINER_RUN_ARGS),
      ...Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
      server.app,
    );
    check(server.app, "answers /healthz", await waitForHealth(server.port));
    const healthcheck = JSON.parse(
      run("inspect", "--format", "{{json .Config.Healthcheck}}", name) || "null",
    );
    const command = healthcheck?.Test?.[0] === "CMD" ? healthcheck.Test.slice(1) : undefined;
    check(
      server.app,
      "the image's HEALTHCHECK command passes",
      command !== undefined && succeeds("exec", name, ...command),
      command?.join(" ") ?? "no HEALTHCHECK in the image",
    );
    const uid = run("exec", name, "id", "-u");
    check(server.app, "runs as a non-root user", uid !== "0", `uid ${uid}`);
    check(server.app, "cannot change its own code", !succeeds("exec", name, "touch", "/app/dist/bin.js"));
    const anonymous = await fetch(`http://127.0.0.1:${server.port}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    check(
      server.app,
      "refuses a request without the bearer token",
      anonymous.status === 401,
      `${anonymous.status}`,
    );

    const client = new Client({ name: "container-check", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${server.port}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${BEARER}` } },
      }),
    );
    const { tools } = await client.listTools();
    check(server.app, "lists its tools", tools.length > 0, `${tools.length} tools`);
    for (const [tool, args] of server.calls) {
      const result = await client.callTool({ name: tool, arguments: args });
      const text = result.content?.[0]?.text ?? "";
      check(
        server.app,
        `${tool} answers from the fake API`,
        !result.isError && text !== "",
        text.split("\n")[0],
      );
    }
    await client.close();

    run("stop", "-t", "10", name);
    const exitCode = run("inspect", "--format", "{{.State.ExitCode}}", name);
    check(server.app, "exits with code 0 on SIGTERM", exitCode === "0", `exit code ${exitCode}`);
    const logs = spawnSync(engine, ["logs", name], { encoding: "utf8" });
    const log = `${logs.stdout}${logs.stderr}`;
    check(server.app, "logs that it listens", log.includes("listening on"));
    check(server.app, "keeps the credential out of its log", !log.includes(server.secret(fake)));
  } finally {
    spawnSync(engine, ["rm", "-f", name], { stdio: "ignore" });
    await fake.close();
  }
}

console.log(failures.length ? `\n${failures.length} check(s) failed` : "\nevery check passed");
process.exit(failures.length ? 1 : 0);
