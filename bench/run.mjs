// `pnpm bench`: cold start, tool surface, per-call overhead, output size, HTTP throughput, memory and install
// footprint of each server, against the packages' fake APIs on loopback. Prints one table, the issue's
// targets with the figures measured, and writes bench-results/latest.json. Times are medians of repeated
// runs with min/max and, because the machines are shared and noisy, ratios against baselines measured in
// the same run (cold starts are interleaved with the baselines'). Memory is measured twice: as Node runs the
// bin by default, and with V8's young generation capped (--max-semi-space-size=16), with its cost in calls/s.
// Environment: BENCH_RUNS (cold starts, and starts to a first tool call, per server, default 15), BENCH_SECONDS (per HTTP load level, default
// 10), BENCH_CALLS (per-call latency samples, default 100), BENCH_MEMORY_CALLS (default 10000), and
// BENCH_ONLY=start (only the cold starts: spawn → tools/list and → the first tool answer, against bare node), and
// BENCH_BEFORE: a folder holding an earlier build as <app>/package.json and <app>/dist/, measured in the
// same run and compared (e.g. cp -r apps/intervals-mcp/{package.json,dist} /tmp/before/intervals-mcp/).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installFootprint } from "./footprint.mjs";
import { callMany, loadTest, rssOf, startHttpServer } from "./http.mjs";
import { round, summarize } from "./stats.mjs";
import { startStdioSession, timeToExit, timeToFirstCall, timeToToolList } from "./stdio.mjs";
import { targets } from "./targets.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const MEMORY_CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 10_000);
const MEMORY_WARMUP_CALLS = Math.min(1_000, MEMORY_CALLS);
const CAPPED_SEMI_SPACE_MB = 16;
const BEFORE = process.env.BENCH_BEFORE;
const START_ONLY = process.env.BENCH_ONLY === "start";
const MB = 1e6;

const env = { ...process.env };
// The extra CA bundle some machines set slows every Node start; nothing here talks to the internet.
delete env.NODE_EXTRA_CA_CERTS;

const results = {
  date: new Date().toISOString(),
  node: process.version,
  settings: {
    runs: RUNS,
    seconds: SECONDS,
    calls: CALLS,
    memoryCalls: MEMORY_CALLS,
    before: BEFORE ?? null,
    only: START_ONLY ? "start" : null,
  },
  note: "NODE_EXTRA_CA_CERTS unset; MB = 10^6 bytes, KB = 10^3 bytes",
  baselines: {},
  servers: {},
  targets: [],
  comparison: [],
};
const rows = [];
const row = (what, value, detail = "") => rows.push([what, value, detail]);
const ms = (s) => `${round(s.median)} ms (min ${round(s.min)}, max ${round(s.max)})`;
const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// Each server as built now, and, with BENCH_BEFORE, as built earlier.
const subjects = targets.flatMap((target) => {
  const now = { ...target, bin: join(target.packageDir, "dist/bin.js"), before: false };
  if (!BEFORE) return [now];
  const dir = join(BEFORE, target.name);
  return [
    {
      ...target,
      name: `${target.name} (before)`,
      packageDir: dir,
      bin: join(dir, "dist/bin.js"),
      before: true,
    },
    now,
  ];
});
for (const subject of subjects.filter((s) => !existsSync(s.bin))) {
  throw new Error(`${subject.bin} is missing: run \`pnpm build\` first (or fix BENCH_BEFORE).`);
}
const fakes = new Map();
for (const target of targets) fakes.set(target.name, await target.startFake());
const fakeOf = (subject) => fakes.get(subject.name.replace(" (before)", ""));

// 1. Cold start, interleaved run by run with the baselines so that a noisy moment hits them all.
const minimalScript = fileURLToPath(new URL("fixtures/minimal-sdk-server.mjs", import.meta.url));
const starts = { bare: [], minimal: [], ...Object.fromEntries(subjects.map((s) => [s.name, []])) };
const cpu = { minimal: [], ...Object.fromEntries(subjects.map((s) => [s.name, []])) };
// The first start after a build, before Node's compile cache holds the bin's code (every third run).
const firstStarts = Object.fromEntries(subjects.map((s) => [s.name, []]));
const listed = {};
// Spawn → the answer to a tools/call sent right after tools/list (the first call's own upstream time included).
const firstCalls = Object.fromEntries(subjects.map((s) => [s.name, []]));
for (let run = 0; run < RUNS; run++) {
  starts.bare.push(await timeToExit(["-e", "0"], env));
  const minimalStart = await timeToToolList([minimalScript], env);
  starts.minimal.push(minimalStart.ms);
  cpu.minimal.push(minimalStart.cpuMs);
  for (const subject of subjects) {
    const subjectEnv = { ...env, ...subject.env(fakeOf(subject)) };
    const { ms: time, cpuMs, result } = await timeToToolList([subject.bin], subjectEnv);
    starts[subject.name].push(time);
    cpu[subject.name].push(cpuMs);
    listed[subject.name] = result;
    firstCalls[subject.name].push(await timeToFirstCall([subject.bin], subjectEnv, subject.calls[0]));
    if (run % 3 === 0) {
      const uncached = await timeToToolList([subject.bin], {
        ...subjectEnv,
        NODE_DISABLE_COMPILE_CACHE: "1",
      });
      firstStarts[subject.name].push(uncached.ms);
    }
  }
}
const bare = summarize(starts.bare);
const minimal = summarize(starts.minimal);
results.baselines = { bareNode: bare, minimalSdkServer: { ...minimal, cpuMs: summarize(cpu.minimal) } };
row("baseline: node -e 0", ms(bare));
row(
  "baseline: minimal SDK server, first tools/list",
  ms(minimal),
  `${round(minimal.median / bare.median, 2)}× bare node`,
);

const echoLoad = START_ONLY ? undefined : await perCallAndHttpBaselines();

for (const subject of subjects) {
  const fake = fakeOf(subject);
  const out = {};
  results.servers[subject.name] = out;
  const name = subject.name;

  const start = summarize(starts[name]);
  out.coldStart = {
    ...start,
    vsBareNode: start.median / bare.median,
    vsMinimalSdk: start.median / minimal.median,
    cpuMs: summarize(cpu[name]),
    withoutCompileCache: summarize(firstStarts[name]),
  };
  row(
    `${name}: cold start to tools/list`,
    ms(out.coldStart),
    `${round(out.coldStart.vsBareNode, 2)}× bare node, ${round(out.coldStart.vsMinimalSdk, 2)}× minimal SDK server; CPU ${round(out.coldStart.cpuMs.median)} ms (minimal SDK ${round(summarize(cpu.minimal).median)} ms)`,
  );
  out.coldStart.firstCall = {
    ...summarize(firstCalls[name]),
    vsBareNode: summarize(firstCalls[name]).median / bare.median,
  };
  row(
    `${name}: start to first tools/call answer`,
    ms(out.coldStart.firstCall),
    `${round(out.coldStart.firstCall.vsBareNode, 2)}× bare node; ${subject.calls[0].tool}, sent right after tools/list`,
  );
  row(
    `${name}: … without compile cache`,
    ms(out.coldStart.withoutCompileCache),
    "the first start after install",
  );

  if (START_ONLY) {
    if (!subject.before) checkStartTargets(subject, out);
    continue;
  }

  // 2. The tool surface it advertises.
  const tools = listed[name].tools;
  const listBytes = Buffer.byteLength(JSON.stringify(listed[name]));
  const descriptionBytes = tools.reduce((sum, tool) => sum + Buffer.byteLength(tool.description ?? ""), 0);
  const schemaBytes = (key) =>
    tools.reduce((sum, tool) => sum + Buffer.byteLength(JSON.stringify(tool[key] ?? "")), 0);
  out.toolSurface = {
    tools: tools.length,
    listBytes,
    descriptionBytes,
    inputSchemaBytes: schemaBytes("inputSchema"),
    outputSchemaBytes: schemaBytes("outputSchema"),
  };
  row(
    `${name}: tools/list size`,
    `${listBytes} B`,
    `${tools.length} tools; descriptions ${descriptionBytes} B, input schemas ${out.toolSurface.inputSchemaBytes} B, output schemas ${out.toolSurface.outputSchemaBytes} B`,
  );

  // 3. Per-call overhead over stdio, minus raw fetches of the same upstream requests; 4. output size.
  const session = await startStdioSession([subject.bin], { ...env, ...subject.env(fake) });
  out.calls = {};
  for (const call of subject.calls) {
    const invoke = async () => {
      const answer = await session.request("tools/call", { name: call.tool, arguments: call.arguments });
      if (answer.result?.isError || answer.error)
        throw new Error(
          `${name} ${call.tool} failed: ${JSON.stringify(answer.result?.content ?? answer.error)}`,
        );
      return answer.result;
    };
    const first = await invoke();
    // The upstream requests of a call in steady state (the first may also look up, say, the time zone).
    const before = fake.requests.length;
    await invoke();
    const recorded = fake.requests.slice(before);
    const upstream = subject.upstreamRequests(fake, recorded);
    for (const request of upstream) {
      const response = await fetch(request.url, { headers: request.headers });
      if (!response.ok) throw new Error(`replaying ${request.url} failed: ${response.status}`);
      await response.arrayBuffer();
    }
    // Below the client's own rate limit, so that its waits are not counted as overhead.
    const gap = subject.upstreamRequestsPerSecond
      ? (1000 * upstream.length * 1.1) / subject.upstreamRequestsPerSecond
      : 0;
    // Tool calls and raw fetches alternate, each after the same pause, so that both pay the same for an idle
    // gap (cold caches, a keep-alive socket woken up) and a noisy moment hits both.
    const paced = async (work) => {
      const started = performance.now();
      await work();
      const elapsed = performance.now() - started;
      if (gap > elapsed) await sleep(gap - elapsed);
      return elapsed;
    };
    const fetchUpstream = async () => {
      for (const request of upstream)
        await (await fetch(request.url, { headers: request.headers })).arrayBuffer();
    };
    const latencies = [];
    const raw = [];
    for (let i = 0; i < CALLS; i++) {
      latencies.push(await paced(invoke));
      raw.push(await paced(fetchUpstream));
    }
    const tool = summarize(latencies);
    const fetchOnly = summarize(raw);
    const textBytes = Buffer.byteLength(first.content.map((part) => part.text ?? "").join(""));
    const structuredBytes = Buffer.byteLength(JSON.stringify(first.structuredContent ?? {}));
    const items = call.items?.(first.structuredContent) ?? 0;
    const result = {
      latency: tool,
      rawUpstream: fetchOnly,
      overheadMs: tool.median - fetchOnly.median,
      overheadP99Ms: tool.p99 - fetchOnly.p99,
      upstreamRequests: upstream.length,
      textBytes,
      structuredBytes,
      items,
      textBytesPerItem: items ? textBytes / items : null,
      structuredBytesPerItem: items ? structuredBytes / items : null,
    };
    out.calls[call.label] = result;
    row(
      `${name}: ${call.label}`,
      `p50 ${round(tool.median)} ms, p99 ${round(tool.p99)} ms`,
      `raw upstream p50 ${round(fetchOnly.median)} ms (${upstream.length} req) → overhead ${round(result.overheadMs, 2)} ms`,
    );
    row(
      `${name}: ${call.label} output`,
      `text ${textBytes} B, structured ${structuredBytes} B`,
      items
        ? `${items} × ${call.unit}: ${round(textBytes / items)} B text, ${round(structuredBytes / items)} B structured per ${call.unit}`
        : "",
    );
  }
  session.close();

  // 6. Memory: idle, then after 1,000 and after MEMORY_CALLS HTTP calls; 5. HTTP throughput after that.
  const http = await startHttpServer([subject.bin, "--transport", "http", "--port", "0"], {
    ...env,
    ...subject.httpEnv(fake),
  });
  const loadCall = { ...subject.loadCall, headers: subject.httpHeaders(fake) };
  out.memory = await memoryPhase(http, loadCall);
  row(
    `${name}: RSS`,
    `idle ${round(out.memory.idleRss / MB)} MB`,
    `after ${MEMORY_WARMUP_CALLS} HTTP calls ${round(out.memory.rssAfterWarmup / MB)} MB, after ${MEMORY_CALLS} ${round(out.memory.rssAfterCalls / MB)} MB`,
  );
  out.http = {};
  for (const concurrency of [1, 8, 32]) {
    const load = await loadTest(http.url, loadCall, concurrency, SECONDS);
    const latency = summarize(load.latencies);
    out.http[concurrency] = {
      callsPerSecond: load.callsPerSecond,
      p50: latency.median,
      p99: latency.p99,
      errors: load.errors,
    };
    row(
      `${name}: HTTP ${concurrency} client(s)`,
      `${round(load.callsPerSecond)} calls/s`,
      `p50 ${round(latency.median)} ms, p99 ${round(latency.p99)} ms, ${load.errors} errors${load.firstError ? ` (${load.firstError})` : ""}`,
    );
  }
  out.http.vsMinimalSdk32 = out.http[32].callsPerSecond / echoLoad.callsPerSecond;
  row(`${name}: HTTP 32 clients vs minimal SDK echo`, `${round(out.http.vsMinimalSdk32 * 100)}%`);
  http.close();

  // V8 sizes its young generation from the machine's memory (up to 3 × 64 MB semi-spaces with gigabytes
  // free) and keeps what it grew to: the same server with the semi-space capped, as a memory limit on a
  // container or NODE_OPTIONS would do, shows what that costs in calls/s.
  const capped = await startHttpServer(
    [`--max-semi-space-size=${CAPPED_SEMI_SPACE_MB}`, subject.bin, "--transport", "http", "--port", "0"],
    { ...env, ...subject.httpEnv(fake) },
  );
  const cappedMemory = await memoryPhase(capped, loadCall);
  const cappedLoad = await loadTest(capped.url, loadCall, 32, SECONDS);
  capped.close();
  out.cappedYoungGeneration = {
    semiSpaceMb: CAPPED_SEMI_SPACE_MB,
    memory: cappedMemory,
    callsPerSecond32: cappedLoad.callsPerSecond,
    vsDefault32: cappedLoad.callsPerSecond / out.http[32].callsPerSecond,
  };
  row(
    `${name}: … with --max-semi-space-size=${CAPPED_SEMI_SPACE_MB}`,
    `RSS growth ${round(cappedMemory.growth / MB)} MB`,
    `idle ${round(cappedMemory.idleRss / MB)} MB, after ${MEMORY_WARMUP_CALLS} ${round(cappedMemory.rssAfterWarmup / MB)} MB, after ${MEMORY_CALLS} ${round(cappedMemory.rssAfterCalls / MB)} MB; 32 clients ${round(cappedLoad.callsPerSecond)} calls/s (${round(out.cappedYoungGeneration.vsDefault32 * 100)}% of the default)`,
  );

  // 7. Install footprint of the published bin package.
  out.install = installFootprint(subject.packageDir);
  row(
    `${name}: install`,
    `${round(out.install.unpackedBytes / MB, 2)} MB unpacked`,
    `tarball ${round(out.install.tarballBytes / MB, 2)} MB, ${out.install.packages} package(s), files: ${out.install.files.join(", ")}`,
  );

  if (!subject.before) checkTargets(subject, out);
}
for (const fake of fakes.values()) await fake.close();

/** The per-call and HTTP baselines of the minimal SDK server (not with BENCH_ONLY=start). */
async function perCallAndHttpBaselines() {
  // Per-call baseline: the minimal SDK server's echo tool over stdio, back to back and after the pause the
  // Intervals calls take below (its client allows 10 requests/s): the floor of any stdio tools/call.
  const ECHO_PAUSE_MS = 110;
  const echoSession = await startStdioSession([minimalScript], env);
  const echoCall = () => echoSession.request("tools/call", { name: "echo", arguments: { text: "hello" } });
  for (let i = 0; i < 20; i++) await echoCall();
  const echoTimes = { backToBack: [], paused: [] };
  for (let i = 0; i < Math.max(10, CALLS / 2); i++) {
    let started = performance.now();
    await echoCall();
    echoTimes.backToBack.push(performance.now() - started);
    await sleep(ECHO_PAUSE_MS);
    started = performance.now();
    await echoCall();
    echoTimes.paused.push(performance.now() - started);
  }
  echoSession.close();
  const echoStdio = { backToBack: summarize(echoTimes.backToBack), paused: summarize(echoTimes.paused) };
  results.baselines.minimalSdkEchoStdio = { ...echoStdio, pauseMs: ECHO_PAUSE_MS };
  row(
    "baseline: minimal SDK server, echo call over stdio",
    `p50 ${round(echoStdio.backToBack.median, 2)} ms`,
    `${round(echoStdio.paused.median, 2)} ms after a ${ECHO_PAUSE_MS} ms pause`,
  );

  // HTTP baseline: the SDK's stateless pattern with an echo tool, at the highest load level.
  const minimalHttp = await startHttpServer(
    [fileURLToPath(new URL("fixtures/minimal-sdk-http-server.mjs", import.meta.url))],
    env,
  );
  const echo = { tool: "echo", arguments: { text: "hello" } };
  await callMany(minimalHttp.url, echo, 200);
  const echoLoad = await loadTest(minimalHttp.url, echo, 32, SECONDS);
  minimalHttp.close();
  results.baselines.minimalSdkHttp32 = { callsPerSecond: echoLoad.callsPerSecond, errors: echoLoad.errors };
  row(
    "baseline: minimal SDK server, HTTP 32 clients",
    `${round(echoLoad.callsPerSecond)} calls/s`,
    "echo tool",
  );
  return echoLoad;
}

/** RSS of an HTTP server idle for 2 s after it started, then after MEMORY_WARMUP_CALLS and MEMORY_CALLS calls. */
async function memoryPhase(server, call) {
  await sleep(2_000);
  const idleRss = rssOf(server.pid);
  await callMany(server.url, call, MEMORY_WARMUP_CALLS);
  const rssAfterWarmup = rssOf(server.pid);
  await callMany(server.url, call, MEMORY_CALLS - MEMORY_WARMUP_CALLS);
  const rssAfterCalls = rssOf(server.pid);
  return { idleRss, rssAfterWarmup, rssAfterCalls, growth: rssAfterCalls - rssAfterWarmup };
}

/** The issue's targets, each with the figure measured. */
function checkTargets(subject, out) {
  const target = (what, limit, measured, met) =>
    results.targets.push({ server: subject.name, what, limit, measured, met });
  checkStartTargets(subject, out);
  const list = out.toolSurface.listBytes;
  target(
    "tools/list size",
    `≤ ${subject.limits.toolListBytes} B`,
    `${list} B`,
    list <= subject.limits.toolListBytes,
  );
  for (const [label, call] of Object.entries(out.calls)) {
    target(
      `${label}: overhead over raw upstream`,
      "≤ 1 ms median",
      `${round(call.overheadMs, 2)} ms`,
      call.overheadMs <= 1,
    );
    if (subject.limits.textBytesPerItem)
      target(
        `${label}: text per item`,
        `≤ ${subject.limits.textBytesPerItem} B`,
        `${round(call.textBytesPerItem)} B`,
        call.textBytesPerItem <= subject.limits.textBytesPerItem,
      );
  }
  target(
    "HTTP 32 clients vs minimal SDK echo server",
    "≥ 80%",
    `${round(out.http.vsMinimalSdk32 * 100)}%`,
    out.http.vsMinimalSdk32 >= 0.8,
  );
  target("idle RSS", "≤ 60 MB", `${round(out.memory.idleRss / MB)} MB`, out.memory.idleRss <= 60 * MB);
  target(
    `RSS growth, ${MEMORY_WARMUP_CALLS} → ${MEMORY_CALLS} calls`,
    "≤ 15 MB",
    `${round(out.memory.growth / MB)} MB`,
    out.memory.growth <= 15 * MB,
  );
  target(
    "install",
    "1 package, ≤ 3 MB unpacked",
    `${out.install.packages} package(s), ${round(out.install.unpackedBytes / MB, 2)} MB`,
    out.install.packages === 1 && out.install.unpackedBytes <= 3 * MB,
  );
}

/** The start targets (issue 18): medians against bare `node -e 0` measured in the same run. */
function checkStartTargets(subject, out) {
  const cold = out.coldStart;
  results.targets.push({
    server: subject.name,
    what: "spawn → tools/list median",
    limit: "≤ 2.5× bare node",
    measured: `${round(cold.median)} ms, ${round(cold.vsBareNode, 2)}× bare node`,
    met: cold.vsBareNode <= 2.5,
  });
  results.targets.push({
    server: subject.name,
    what: `spawn → first ${subject.calls[0].tool} answer median`,
    limit: "≤ 4× bare node",
    measured: `${round(cold.firstCall.median)} ms, ${round(cold.firstCall.vsBareNode, 2)}× bare node`,
    met: cold.firstCall.vsBareNode <= 4,
  });
}

/** With BENCH_BEFORE: the headline figures of each server before and after, and after / before. */
function compare(before, after) {
  const call = (out) => Object.values(out.calls)[0];
  const metrics = [
    ["cold start median (ms)", (o) => o.coldStart.median],
    ["cold start × bare node", (o) => o.coldStart.vsBareNode],
    ["cold start CPU (ms)", (o) => o.coldStart.cpuMs.median],
    ["cold start, no compile cache (ms)", (o) => o.coldStart.withoutCompileCache.median],
    ["start to first call (ms)", (o) => o.coldStart.firstCall.median],
    ["start to first call × bare node", (o) => o.coldStart.firstCall.vsBareNode],
    ["tools/list (B)", (o) => o.toolSurface.listBytes],
    ["call p50 (ms)", (o) => call(o).latency.median],
    ["call overhead p50 (ms)", (o) => call(o).overheadMs],
    ["call text (B)", (o) => call(o).textBytes],
    ["call structured (B)", (o) => call(o).structuredBytes],
    ["HTTP 32 clients (calls/s)", (o) => o.http[32].callsPerSecond],
    ["HTTP 32 vs minimal SDK", (o) => o.http.vsMinimalSdk32],
    ["idle RSS (MB)", (o) => o.memory.idleRss / MB],
    ["RSS growth (MB)", (o) => o.memory.growth / MB],
    ["unpacked (MB)", (o) => o.install.unpackedBytes / MB],
  ];
  // With BENCH_ONLY=start only the start figures exist.
  return metrics
    .filter(([, of]) => Number.isFinite(tryOf(of, before)) && Number.isFinite(tryOf(of, after)))
    .map(([metric, of]) => ({ metric, before: of(before), after: of(after), ratio: of(after) / of(before) }));
}

function tryOf(of, out) {
  try {
    return of(out);
  } catch {
    return undefined;
  }
}

const width = rows.reduce((max, [what]) => Math.max(max, what.length), 0);
const valueWidth = rows.reduce((max, [, value]) => Math.max(max, value.length), 0);
console.log(
  `\nBenchmarks (${results.node}, ${RUNS} cold starts each, NODE_EXTRA_CA_CERTS unset, MB = 10^6 B)\n`,
);
for (const [what, value, detail] of rows)
  console.log(`${what.padEnd(width)}  ${value.padEnd(valueWidth)}  ${detail}`);
console.log("\nTargets\n");
for (const t of results.targets)
  console.log(
    `${t.met ? "met   " : "MISSED"}  ${`${t.server}: ${t.what}`.padEnd(58)}  ${t.limit.padEnd(28)}  ${t.measured}`,
  );
if (BEFORE) {
  for (const target of targets) {
    const table = compare(results.servers[`${target.name} (before)`], results.servers[target.name]);
    results.comparison.push({ server: target.name, metrics: table });
    console.log(`\n${target.name}: before → after (same run)\n`);
    for (const { metric, before, after, ratio } of table)
      console.log(
        `${metric.padEnd(28)}  ${String(round(before, 2)).padStart(10)}  ${String(round(after, 2)).padStart(10)}  ${round(ratio, 2)}×`,
      );
  }
}
const dir = fileURLToPath(new URL("../bench-results/", import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwrote bench-results/latest.json");
