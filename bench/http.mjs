import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** Starts a server bin over HTTP on a random loopback port; resolves once it listens. */
export function startHttpServer(args, env) {
  const child = spawn(process.execPath, [...args, "--transport", "http", "--port", "0"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ url: match[1], pid: child.pid, close: () => child.kill() });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

/** Resident set size of a process in bytes (Linux). */
export function rssOf(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** One stateless Streamable HTTP tools/call; resolves with its latency in milliseconds. */
export async function callOverHttp(url, name, args, id = 1) {
  const started = performance.now();
  const response = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }),
  });
  const text = await response.text();
  if (!response.ok || !text.includes('"result"'))
    throw new Error(`call failed: ${response.status} ${text.slice(0, 200)}`);
  return performance.now() - started;
}

/** `concurrency` clients calling in a loop for `seconds`; returns calls/s and latencies. */
export async function loadTest(url, call, concurrency, seconds) {
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        latencies.push(await callOverHttp(url, call.tool, call.arguments));
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { callsPerSecond: latencies.length / elapsed, latencies, errors };
}
