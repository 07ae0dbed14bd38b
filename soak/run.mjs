// `pnpm soak`: each server over Streamable HTTP for SOAK_SECONDS (default 60) with SOAK_CLIENTS (default 64)
// clients in a loop, mixing valid calls, bad input, calls under upstream faults (429 with and without
// Retry-After, 500, 503, CDN HTML, malformed JSON, slow past the server's timeout, dropped connections) and
// abrupt disconnects mid-call; then a SIGTERM while slow calls are in flight. The fake API runs in a process of
// its own (soak/fake.mjs). Reports calls served, outcomes by kind, p50/p99 latency, RSS and open file
// descriptors over time, and a verdict: no crash, no refused or reset connection the soak did not cause, a live
// heap (measured after a full garbage collection, forced by a heap snapshot at a quarter of the run and after
// it) that grew by at most SOAK_HEAP_GROWTH_MB (default 16), descriptors back near their starting count once
// the load stops, and every call in flight at SIGTERM answered before a clean exit. RSS is reported, not
// judged: V8 lets an idle heap stay as large as the load made it. Writes
// soak-results/latest.json and exits non-zero when a verdict fails. SOAK_SERVERS picks servers (comma-separated).
// Not part of `pnpm test`: it runs for minutes and its figures depend on the machine.
import { fork, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rssOf } from "../bench/http.mjs";
import { round, summarize } from "../bench/stats.mjs";
import { startLocalRedis, startRoundRobinProxy } from "../packages/test-kit/dist/index.js";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 64);
const HEAP_GROWTH_MB = Number(process.env.SOAK_HEAP_GROWTH_MB ?? 16);
const SERVERS = (process.env.SOAK_SERVERS ?? "intervals-mcp,polar-mcp").split(",");
const REPLICAS = Number(process.env.SOAK_REPLICAS ?? 1);
const SAMPLE_MS = 2_000;
// The servers' time limit per upstream request: short, so that slow faults end in timeouts within the run;
// longer for Polar, whose fake computes each answer from a year of orders.
const TIMEOUT_SECONDS = { "intervals-mcp": 2, "polar-mcp": 5 };
const MB = 1e6;

const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const pick = (items) => items[Math.floor(Math.random() * items.length)];
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

// Faults a tenth of the calls set at the fake, each for its next request; the slow one outlasts the server's
// time limit (TIMEOUT_SECONDS), so that call ends in a timeout.
const faultsOf = (route, timeoutSeconds) => [
  { route, type: "status", status: 429, retryAfter: 1 },
  { route, type: "status", status: 429 },
  { route, type: "status", status: 500 },
  { route, type: "status", status: 503 },
  { route, type: "html", status: 502 },
  { route, type: "malformedJson" },
  { route, type: "malformed-json" },
  { route, type: "slow", delayMs: (timeoutSeconds + 1) * 1000 },
  { route, type: "drop" },
];

const apps = {
  "intervals-mcp": {
    header: "x-intervals-api-key",
    env: { INTERVALS_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS["intervals-mcp"]) },
    // The Polar fake names its malformed-JSON fault differently; each fake ignores the other's.
    faults: faultsOf("*", TIMEOUT_SECONDS["intervals-mcp"]).filter(
      (fault) => fault.type !== "malformed-json",
    ),
    valid: [
      ["get_athlete", {}],
      ["get_activities", { limit: 10 }],
      ["get_activities", { start_date: daysAgo(60), limit: 30 }],
      ["get_wellness_data", {}],
      ["get_fitness", {}],
      ["get_events", {}],
      ["get_power_curves", {}],
      ["update_wellness", { date: daysAgo(1), weight: 70.5 }],
    ],
    bad: [
      ["get_activities", { limit: "ten" }],
      ["get_activities", { start_date: "2026-02-30" }],
      ["get_activities", { start_date: daysAgo(1), end_date: daysAgo(30) }],
      ["get_activity_details", {}],
      ["get_activity_streams", { activity_id: "x".repeat(50_000) }],
      ["update_wellness", { date: "yesterday", weight: -5 }],
      ["drop_tables", {}],
    ],
    slow: ["get_athlete", {}],
  },
  "polar-mcp": {
    header: "x-polar-access-token",
    env: { POLAR_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS["polar-mcp"]) },
    faults: faultsOf("*", TIMEOUT_SECONDS["polar-mcp"]).filter((fault) => fault.type !== "malformedJson"),
    valid: [
      ["get_metrics", { metric_names: ["revenue", "orders"], time_range: "last_30_days" }],
      ["get_metrics", { metric_names: ["monthly_recurring_revenue"], time_range: "last_12_months" }],
      ["audit_performance", { time_range: "last_month" }],
      ["query", { query: "SELECT period, revenue FROM metrics WHERE time_range = 'last_7_days'" }],
      ["list_metrics", {}],
      ["list_products", {}],
      ["get_metrics_limits", {}],
    ],
    bad: [
      ["get_metrics", { metric_names: "revenue" }],
      ["get_metrics", { metric_names: ["revenue"], start_date: "2026-13-01", end_date: "2026-14-01" }],
      ["get_metrics", { metric_names: ["not_a_metric"], time_range: "last_week" }],
      ["query", { query: "DROP TABLE metrics; --" }],
      ["query", { query: `SELECT ${"revenue, ".repeat(2_000)} revenue FROM metrics` }],
      ["audit_performance", { time_range: "the_other_day" }],
      ["drop_tables", {}],
    ],
    slow: ["get_metrics_limits", {}],
  },
};

/** Sorts one tool error message into a kind, from the sentences the servers write. */
function kindOf(text) {
  const rules = [
    [
      "invalid_input",
      /invalid|must be|expected|required|not a valid|unknown metric|not found: tool|tool .* not found|too many|at most|did you mean|only select|unsupported|not supported|syntax/i,
    ],
    ["rate_limited", /rate.?limit|too many requests|429/i],
    ["timeout", /time(d)? ?out|did not answer in|took longer/i],
    [
      "upstream_unavailable",
      /unavailable|could not reach|not reachable|temporar|server error|5\d\d|not json|unexpected|malformed|connection|network|try again/i,
    ],
    ["authentication", /api key|token|unauthori[sz]ed|authenticat/i],
    ["not_found", /not found|no such|does not exist/i],
  ];
  return rules.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

/** The JSON-RPC message of a Streamable HTTP answer (an SSE event or a JSON body). */
function messageOf(body) {
  // An SSE answer may start with keep-alive comments (": keepalive") on a long call.
  const data = body.trimStart().startsWith("{") ? body : /^data: (.*)$/m.exec(body)?.[1];
  try {
    return JSON.parse(data ?? "");
  } catch {
    return undefined;
  }
}

async function call(url, headers, [tool, args], signal) {
  const started = performance.now();
  const response = await fetch(`${url}/mcp`, {
    method: "POST",
    signal,
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: tool, arguments: args },
    }),
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) return { outcome: `http_${response.status}`, ms };
  const message = messageOf(body);
  if (!message) return { outcome: "unparseable_answer", ms, sample: body.slice(0, 200) };
  if (message.error) return { outcome: `jsonrpc_${message.error.code}`, ms };
  if (message.result?.isError) {
    const text = message.result.content?.[0]?.text ?? "";
    return { outcome: `tool_error:${kindOf(text)}`, ms, text };
  }
  return { outcome: "ok", ms };
}

function startServer(app, fakeUrl, replicaEnv = {}) {
  // --trace-gc prints each collection's heap sizes on stdout; a heap snapshot (SIGUSR2), written to a folder
  // of its own, forces a full collection first, whose line gives the live heap.
  const snapshots = mkdtempSync(join(tmpdir(), "soak-heap-"));
  const child = spawn(
    process.execPath,
    [
      "--trace-gc",
      "--heapsnapshot-signal=SIGUSR2",
      path(`../apps/${app}/dist/bin.js`),
      "--transport",
      "http",
      "--port",
      "0",
      "--allow-unauthenticated",
    ],
    {
      cwd: snapshots,
      env: {
        ...env,
        ...apps[app].env,
        INTERVALS_API_BASE_URL: fakeUrl,
        POLAR_API_BASE_URL: fakeUrl,
        // The Polar fake has one token; its per-token rate limit is raised to load the server.
        POLAR_MAX_REQUESTS_PER_MINUTE: "10000",
        ...replicaEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let fullCollections = 0;
  let liveHeapMb = Number.NaN;
  child.stdout.on("data", (chunk) => {
    for (const match of String(chunk).matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(/g)) {
      fullCollections++;
      liveHeapMb = Number(match[1]);
    }
  });
  /** Forces a full collection and resolves with the live heap after it, in MB. */
  const measureLiveHeap = async () => {
    const before = fullCollections;
    child.kill("SIGUSR2");
    const deadline = Date.now() + 30_000;
    while (fullCollections === before && Date.now() < deadline) await sleep(100);
    // The snapshot is written after the collection: wait until its file stops growing.
    let size = -1;
    while (Date.now() < deadline) {
      await sleep(250);
      const sizes = readdirSync(snapshots).map((file) => statSync(join(snapshots, file)).size);
      const total = sizes.reduce((sum, each) => sum + each, 0);
      if (total > 0 && total === size) break;
      size = total;
    }
    for (const file of readdirSync(snapshots)) rmSync(join(snapshots, file));
    return liveHeapMb;
  };
  const cleanUp = () => rmSync(snapshots, { recursive: true, force: true });
  let stderr = "";
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    exited.then(({ code }) => reject(new Error(`${app} exited (${code}) before listening: ${stderr}`)));
  });
  return { child, exited, url, stderr: () => stderr, measureLiveHeap, cleanUp };
}

function startFake(app) {
  const child = fork(path("fake.mjs"), [app], { env, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve) => child.once("message", (info) => resolve({ child, ...info })));
}

const openDescriptors = (pid) => readdirSync(`/proc/${pid}/fd`).length;

/** How many requests the fake has received so far. */
function requestsAtFake(fake) {
  return new Promise((resolve) => {
    fake.child.once("message", (message) => resolve(message.requests));
    fake.child.send({ count: true });
  });
}

async function soak(app) {
  const spec = apps[app];
  const fake = await startFake(app);
  const redis = REPLICAS > 1 ? await startLocalRedis() : undefined;
  // With replicas, each is told how many there are and stays up a second, not ready, after SIGTERM, so that
  // the proxy (which checks /readyz every 100 ms) stops sending to it before it closes.
  const replicaEnv = redis
    ? { REDIS_URL: redis.url, MCP_REPLICAS: String(REPLICAS), MCP_SHUTDOWN_DELAY_SECONDS: "1" }
    : {};
  const servers = Array.from({ length: REPLICAS }, () => startServer(app, fake.url, replicaEnv));
  const [server] = servers;
  const urls = await Promise.race([
    Promise.all(servers.map((each) => each.url)),
    sleep(15_000).then(() => undefined),
  ]);
  if (!urls) throw new Error(`${app} did not say where it listens: ${server.stderr()}`);
  const proxy = redis ? await startRoundRobinProxy(urls) : undefined;
  const url = proxy?.url ?? urls[0];
  const pid = server.child.pid;
  // Each client its own credential where the fake has enough, as separate people calling one server.
  const headersFor = (index) => ({ [spec.header]: fake.credentials[index % fake.credentials.length] });
  const outcomes = {};
  const samples = [];
  const okLatencies = [];
  const examples = {};
  const transportFailures = [];
  const count = (outcome) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  let crashed = false;
  for (const each of servers)
    each.exited.then(() => {
      crashed = true;
    });

  const sample = (phase) =>
    samples.push({
      second: round((performance.now() - started) / 1000, 1),
      phase,
      rssMb: round(rssOf(pid) / MB, 1),
      fds: openDescriptors(pid),
    });
  const started = performance.now();
  sample("start");
  const sampler = setInterval(() => !crashed && sample("load"), SAMPLE_MS);

  const deadline = started + SECONDS * 1000;
  const heap = {};
  setTimeout(
    async () => {
      if (!crashed) heap.afterWarmupMb = await server.measureLiveHeap();
    },
    (SECONDS * 1000) / 4,
  );
  const client = async (_, index) => {
    const headers = headersFor(index);
    while (performance.now() < deadline && !crashed) {
      const roll = Math.random();
      // A fifth bad input, a tenth cut off by the client, a tenth sent with a fault waiting at the fake (for
      // the next upstream request, so under concurrency it may hit a neighbouring call), the rest valid.
      const planned = roll < 0.2 ? pick(spec.bad) : pick(spec.valid);
      const abort = roll >= 0.2 && roll < 0.3 ? new AbortController() : undefined;
      if (roll >= 0.3 && roll < 0.4) fake.child.send({ fault: { ...pick(spec.faults), times: 1 } });
      if (abort) setTimeout(() => abort.abort(), 2 + Math.random() * 60);
      try {
        const result = await call(url, headers, planned, abort?.signal);
        count(result.outcome);
        if (result.outcome === "ok") okLatencies.push(result.ms);
        if (result.sample && transportFailures.length < 40)
          transportFailures.push(`${result.outcome}: ${result.sample}`);
        // A few distinct messages of each kind, to read how each was sorted.
        examples[result.outcome] ??= [];
        const seen = examples[result.outcome];
        const line = result.text?.split("\n")[0].slice(0, 140);
        if (line && seen.length < 4 && !seen.includes(line)) seen.push(line);
      } catch (error) {
        if (abort?.signal.aborted) count("client_disconnected");
        else {
          count("transport_failure");
          if (transportFailures.length < 40)
            transportFailures.push(`${planned[0]}: ${error.cause?.code ?? error.message}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  fake.child.send({ clear: true });
  // Let abandoned calls finish upstream and idle keep-alive sockets time out (5 s on the server's side)
  // before counting what stays open.
  await sleep(6_000);
  if (!crashed) sample("after load");
  clearInterval(sampler);
  if (!crashed) heap.endMb = await server.measureLiveHeap();

  // SIGTERM with calls in flight: each must still get its whole answer, then the process exits with 0.
  let sigterm = { skipped: true };
  if (!crashed) {
    fake.child.send({ fault: { route: "*", type: "slow", delayMs: 1_000, times: 16 } });
    const received = await requestsAtFake(fake);
    const inFlight = Array.from({ length: 16 }, (_, index) =>
      call(url, headersFor(index), spec.slow).then(
        (result) => result.outcome,
        (error) => `failed: ${error.cause?.code ?? error.message}`,
      ),
    );
    // Signal once all 16 have reached the fake, so each one is a call the server is working on.
    const waitUntil = Date.now() + 10_000;
    while ((await requestsAtFake(fake)) < received + 16 && Date.now() < waitUntil) await sleep(50);
    const signalled = performance.now();
    server.child.kill("SIGTERM");
    const answers = await Promise.all(inFlight);
    const exit = await Promise.race([server.exited, sleep(15_000).then(() => ({ code: "still running" }))]);
    sigterm = {
      inFlight: answers.length,
      // An answer is whatever reached the client whole: a result, or a tool error such as the upstream's timeout.
      answered: answers.filter((outcome) => !outcome.startsWith("failed")).length,
      outcomes: Object.fromEntries(
        [...new Set(answers)].map((outcome) => [outcome, answers.filter((each) => each === outcome).length]),
      ),
      exitCode: exit.code,
      exitMs: round(performance.now() - signalled),
    };
  }
  fake.child.send({ stop: true });
  if (server.child.exitCode === null) server.child.kill("SIGKILL");
  for (const other of servers.slice(1)) {
    other.child.kill("SIGTERM");
    await other.exited;
  }
  await proxy?.close();
  await redis?.stop();
  for (const each of servers) each.cleanUp();

  const loadSamples = samples.filter((entry) => entry.phase === "load");
  const warm = loadSamples[Math.floor(loadSamples.length / 4)] ?? samples[0];
  const peakRss = Math.max(...samples.map((entry) => entry.rssMb));
  const last = samples.at(-1);
  const served = Object.values(outcomes).reduce((sum, value) => sum + value, 0);
  const unexpected = (outcomes.transport_failure ?? 0) + (outcomes.unparseable_answer ?? 0);
  const failures = [];
  if (crashed && sigterm.skipped) failures.push("the server died during the soak");
  if (unexpected > 0)
    failures.push(`${unexpected} calls failed at the transport without a client disconnect`);
  const heapGrowth = heap.endMb - heap.afterWarmupMb;
  if (!(heapGrowth <= HEAP_GROWTH_MB))
    failures.push(
      `live heap ${heap.afterWarmupMb} → ${heap.endMb} MB after warm-up (bound +${HEAP_GROWTH_MB} MB)`,
    );
  if (last.fds > samples[0].fds + 16)
    failures.push(`${last.fds - samples[0].fds} more open descriptors once idle`);
  if (!sigterm.skipped && (sigterm.answered !== sigterm.inFlight || sigterm.exitCode !== 0))
    failures.push(
      `SIGTERM: ${sigterm.answered}/${sigterm.inFlight} in-flight calls answered, exit ${sigterm.exitCode}`,
    );
  const latency = summarize(okLatencies.length ? okLatencies : [Number.NaN]);
  return {
    app,
    replicas: REPLICAS,
    seconds: SECONDS,
    clients: CLIENTS,
    callsServed: served,
    callsPerSecond: round(served / SECONDS),
    outcomes,
    okLatencyMs: { p50: round(latency.median), p99: round(latency.p99) },
    rssMb: { start: samples[0].rssMb, afterWarmup: warm.rssMb, peak: peakRss, end: last.rssMb },
    liveHeapMb: heap,
    fds: { start: samples[0].fds, peak: Math.max(...samples.map((entry) => entry.fds)), end: last.fds },
    samples,
    sigterm,
    otherErrors: transportFailures,
    examples,
    verdict: failures.length ? "FAIL" : "PASS",
    failures,
  };
}

const results = [];
for (const app of SERVERS) {
  console.log(`soaking ${app}: ${SECONDS} s, ${CLIENTS} clients, ${REPLICAS} replica(s) …`);
  const result = await soak(app);
  results.push(result);
  console.log(
    `\n${app}: ${result.verdict}${result.failures.length ? ` (${result.failures.join("; ")})` : ""}`,
  );
  console.log(
    `  calls served ${result.callsServed} (${result.callsPerSecond}/s); ok p50 ${result.okLatencyMs.p50} ms, p99 ${result.okLatencyMs.p99} ms`,
  );
  console.log(
    `  outcomes: ${Object.entries(result.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(", ")}`,
  );
  console.log(
    `  live heap after a full collection: ${result.liveHeapMb.afterWarmupMb} MB at a quarter of the run, ${result.liveHeapMb.endMb} MB after it\n  RSS MB: start ${result.rssMb.start}, after warm-up ${result.rssMb.afterWarmup}, peak ${result.rssMb.peak}, end ${result.rssMb.end}; open fds: start ${result.fds.start}, peak ${result.fds.peak}, end ${result.fds.end}`,
  );
  console.log(
    `  RSS over time (s: MB): ${result.samples.map((entry) => `${entry.second}: ${entry.rssMb}`).join(", ")}`,
  );
  console.log(
    `  SIGTERM: ${
      result.sigterm.skipped
        ? "skipped (server gone)"
        : `${result.sigterm.answered}/${result.sigterm.inFlight} in-flight calls answered (${Object.entries(
            result.sigterm.outcomes,
          )
            .map(([outcome, n]) => `${outcome} ${n}`)
            .join(", ")}), exit code ${result.sigterm.exitCode} after ${result.sigterm.exitMs} ms`
    }`,
  );
  if (result.otherErrors.length)
    console.log(`  unclassified or failed, samples:\n    ${result.otherErrors.slice(0, 8).join("\n    ")}`);
}
mkdirSync(path("../soak-results"), { recursive: true });
writeFileSync(
  path("../soak-results/latest.json"),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, note: "NODE_EXTRA_CA_CERTS unset; MB = 10^6 bytes", results }, null, 2)}\n`,
);
process.exit(results.every((result) => result.verdict === "PASS") ? 0 : 1);
