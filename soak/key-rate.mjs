// `node soak/key-rate.mjs` (after `pnpm build`): how fast one Intervals.icu key reaches the API when
// KEY_RATE_REPLICAS (default 3) intervals-mcp replicas share one Redis behind a round-robin proxy. Sends
// KEY_RATE_CALLS (default 100) get_activities calls with one key in the x-intervals-api-key header, 20 at a
// time, and reports from the fake's arrival times: the most requests in any one-second window and the mean
// rate. The API allows 10 requests/s per key. Used for the figures in the README's hosted section.
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { startLocalRedis, startRoundRobinProxy } from "../packages/test-kit/dist/index.js";

const REPLICAS = Number(process.env.KEY_RATE_REPLICAS ?? 3);
const CALLS = Number(process.env.KEY_RATE_CALLS ?? 100);
const CONCURRENCY = 20;
const bin = fileURLToPath(new URL("../apps/intervals-mcp/dist/bin.js", import.meta.url));

function startReplica(env) {
  const child = spawn(process.execPath, [bin, "--transport", "http", "--port", "0"], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ url: match[1], child, stderr: () => stderr });
    });
    child.once("exit", (code) => reject(new Error(`replica exited with ${code}: ${stderr}`)));
  });
}

// The fake runs in a process of its own, so that the proxy's work does not delay (and bunch) its arrival times.
const fakeProcess = fork(fileURLToPath(new URL("./fake.mjs", import.meta.url)), ["intervals-mcp"], {
  env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined },
});
const [{ url: fakeUrl, credentials }] = await once(fakeProcess, "message");
const fake = { url: fakeUrl, apiKey: credentials[0] };
const ask = async (message) => {
  const answer = once(fakeProcess, "message");
  fakeProcess.send(message);
  return (await answer)[0];
};
const redis = await startLocalRedis();
const replicas = await Promise.all(
  Array.from({ length: REPLICAS }, () =>
    startReplica({
      INTERVALS_API_BASE_URL: fake.url,
      INTERVALS_MAX_RETRIES: "0",
      REDIS_URL: redis.url,
      MCP_REPLICAS: String(REPLICAS),
    }),
  ),
);
const proxy = await startRoundRobinProxy(replicas.map((replica) => replica.url));
const callTool = async (id, url = proxy.url, key = fake.apiKey) => {
  const response = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "x-intervals-api-key": key,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "get_activities", arguments: { limit: 5 } },
    }),
  });
  const text = await response.text();
  return response.status === 200 && !text.includes('"isError":true');
};
// Each replica's first call loads code (fetch among it) between the limiter's turn and the request: warm them
// up with another key first, as replicas in service are.
await Promise.all(replicas.map((replica) => callTool(0, replica.url, credentials[1])));
const before = (await ask({ count: true })).requests;
let next = 0;
let ok = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < CALLS) if (await callTool(next++)) ok++;
  }),
);
const arrivals = (await ask({ arrivals: true })).arrivals
  .slice(before)
  .filter(([route]) => route === "listActivities")
  .map(([, at]) => at)
  .sort((a, b) => a - b);
let mostInOneSecond = 0;
for (let start = 0, end = 0; end < arrivals.length; end++) {
  while (arrivals[end] - arrivals[start] >= 1000) start++;
  mostInOneSecond = Math.max(mostInOneSecond, end - start + 1);
}
const spanSeconds = (arrivals.at(-1) - arrivals[0]) / 1000;
console.log(
  JSON.stringify({
    replicas: REPLICAS,
    calls: CALLS,
    succeeded: ok,
    upstreamRequests: arrivals.length,
    mostInAnyOneSecond: mostInOneSecond,
    meanPerSecond: Math.round(((arrivals.length - 1) / spanSeconds) * 10) / 10,
  }),
);
await proxy.close();
await Promise.all(
  replicas.map(({ child }) => new Promise((resolve) => child.once("exit", resolve) && child.kill("SIGTERM"))),
);
await redis.stop();
fakeProcess.send({ stop: true });
