// `pnpm bench`: cold start, tool surface, per-call overhead, output size, HTTP throughput and memory of
// each server, against the packages' fake APIs on loopback. Prints one table and writes
// bench-results/latest.json. Times are medians of repeated runs with min/max and, because the machines
// are shared and noisy, ratios against baselines measured in the same run.
// Environment: BENCH_RUNS (cold starts per target, default 15), BENCH_SECONDS (per load level, default 10),
// BENCH_MEMORY_CALLS (default 10000).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { callOverHttp, loadTest, rssOf, startHttpServer } from "./http.mjs";
import { round, summarize } from "./stats.mjs";
import { startStdioSession, timeToExit, timeToToolList } from "./stdio.mjs";
import { targets } from "./targets.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MEMORY_CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 10_000);
const CALLS = 50;

const env = { ...process.env };
// The extra CA bundle some machines set slows every Node start; nothing here talks to the internet.
delete env.NODE_EXTRA_CA_CERTS;

const results = {
  date: new Date().toISOString(),
  node: process.version,
  runs: RUNS,
  note: "NODE_EXTRA_CA_CERTS unset",
  baselines: {},
  servers: {},
};
const rows = [];
const row = (what, value, detail = "") => rows.push([what, value, detail]);
const ms = (s) => `${round(s.median)} ms (min ${round(s.min)}, max ${round(s.max)})`;

async function repeat(times, fn) {
  const values = [];
  for (let i = 0; i < times; i++) values.push(await fn());
  return values;
}

// Baselines, measured interleaved with the servers below in the same run.
const bare = summarize(await repeat(RUNS, () => timeToExit(["-e", "0"], env)));
const minimalScript = fileURLToPath(new URL("fixtures/minimal-sdk-server.mjs", import.meta.url));
const minimal = summarize(await repeat(RUNS, async () => (await timeToToolList([minimalScript], env)).ms));
results.baselines = { bareNode: bare, minimalSdkServer: minimal };
row("baseline: node -e 0", ms(bare));
row(
  "baseline: minimal SDK server, first tools/list",
  ms(minimal),
  `${round(minimal.median / bare.median, 2)}× bare node`,
);

for (const target of targets) {
  if (!existsSync(target.bin)) {
    row(`${target.name}`, "not built", "skipped");
    continue;
  }
  const fake = await target.startFake();
  const serverEnv = { ...env, ...target.env(fake) };
  const out = {};
  results.servers[target.name] = out;

  // 1. Cold start, and 2. the tool surface it advertises.
  let listed;
  const starts = await repeat(RUNS, async () => {
    const { ms: t, result } = await timeToToolList([target.bin], serverEnv);
    listed = result;
    return t;
  });
  out.coldStart = summarize(starts);
  row(
    `${target.name}: cold start to tools/list`,
    ms(out.coldStart),
    `${round(out.coldStart.median / minimal.median, 2)}× minimal SDK server, ${round(out.coldStart.median / bare.median, 2)}× bare node`,
  );
  const listBytes = Buffer.byteLength(JSON.stringify(listed));
  const descriptionBytes = listed.tools.reduce(
    (sum, tool) => sum + Buffer.byteLength(tool.description ?? ""),
    0,
  );
  out.toolSurface = { tools: listed.tools.length, listBytes, descriptionBytes };
  row(
    `${target.name}: tools/list size`,
    `${listBytes} B`,
    `${listed.tools.length} tools, descriptions ${descriptionBytes} B`,
  );

  // 3. Per-call overhead over stdio against the fake, minus raw fetches of the same upstream requests; 4. output size.
  const session = await startStdioSession([target.bin], serverEnv);
  out.calls = {};
  for (const call of target.calls) {
    const before = fake.requests.length;
    const first = await session.request("tools/call", { name: call.tool, arguments: call.arguments });
    if (first.result?.isError)
      throw new Error(`${call.tool} failed: ${JSON.stringify(first.result.content)}`);
    const upstream = target.upstreamRequests(fake, fake.requests.slice(before));
    const latencies = await repeat(CALLS, async () => {
      const started = performance.now();
      await session.request("tools/call", { name: call.tool, arguments: call.arguments });
      return performance.now() - started;
    });
    const raw = await repeat(CALLS, async () => {
      const started = performance.now();
      for (const request of upstream)
        await (await fetch(request.url, { headers: request.headers })).arrayBuffer();
      return performance.now() - started;
    });
    const tool = summarize(latencies);
    const fetchOnly = summarize(raw);
    const textBytes = Buffer.byteLength(first.result.content.map((part) => part.text ?? "").join(""));
    const structuredBytes = Buffer.byteLength(JSON.stringify(first.result.structuredContent ?? {}));
    const items = call.items?.(first.result.structuredContent) ?? 0;
    out.calls[call.label] = {
      latency: tool,
      rawUpstream: fetchOnly,
      overheadMs: tool.median - fetchOnly.median,
      upstreamRequests: upstream.length,
      textBytes,
      structuredBytes,
      items,
    };
    row(
      `${target.name}: ${call.label}`,
      `p50 ${round(tool.median)} ms, p99 ${round(tool.p99)} ms`,
      `raw upstream ${round(fetchOnly.median)} ms (${upstream.length} req) → overhead ${round(tool.median - fetchOnly.median)} ms`,
    );
    row(
      `${target.name}: ${call.label} output`,
      `text ${textBytes} B, structured ${structuredBytes} B`,
      items ? `${round(textBytes / items)} B text per ${call.unit}` : "",
    );
  }
  session.close();

  // 5. HTTP throughput, and 6. memory.
  const http = await startHttpServer([target.bin], serverEnv);
  const idle = rssOf(http.pid);
  out.http = {};
  for (const concurrency of [1, 8, 32]) {
    const load = await loadTest(http.url, target.loadCall, concurrency, SECONDS);
    const latency = summarize(load.latencies);
    out.http[concurrency] = {
      callsPerSecond: load.callsPerSecond,
      p50: latency.median,
      p99: latency.p99,
      errors: load.errors,
    };
    row(
      `${target.name}: HTTP ${concurrency} client(s)`,
      `${round(load.callsPerSecond)} calls/s`,
      `p50 ${round(latency.median)} ms, p99 ${round(latency.p99)} ms, ${load.errors} errors`,
    );
  }
  const afterLoad = rssOf(http.pid);
  for (let i = 0; i < MEMORY_CALLS; i += 16) {
    await Promise.all(
      Array.from({ length: 16 }, (_, j) =>
        callOverHttp(http.url, target.loadCall.tool, target.loadCall.arguments, i + j),
      ),
    );
  }
  const afterCalls = rssOf(http.pid);
  out.memory = { idleRss: idle, afterLoadRss: afterLoad, afterCallsRss: afterCalls, calls: MEMORY_CALLS };
  row(
    `${target.name}: RSS`,
    `idle ${round(idle / 2 ** 20)} MiB`,
    `after load ${round(afterLoad / 2 ** 20)} MiB, after ${MEMORY_CALLS} more calls ${round(afterCalls / 2 ** 20)} MiB`,
  );
  http.close();
  await fake.close();
}

const width = rows.reduce((max, [what]) => Math.max(max, what.length), 0);
const valueWidth = rows.reduce((max, [, value]) => Math.max(max, value.length), 0);
console.log(`\nBenchmarks (${results.node}, ${RUNS} runs per cold start, NODE_EXTRA_CA_CERTS unset)\n`);
for (const [what, value, detail] of rows)
  console.log(`${what.padEnd(width)}  ${value.padEnd(valueWidth)}  ${detail}`);
const dir = fileURLToPath(new URL("../bench-results/", import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench-results/latest.json`);
