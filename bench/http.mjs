import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Starts `node <args>` as an HTTP server; resolves once it prints "listening on <url>". A server bin gets
 * `--transport http --port 0` added by the caller.
 */
export function startHttpServer(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
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

/**
 * One stateless Streamable HTTP tools/call (`call`: tool, arguments and extra headers such as a per-request
 * credential, or a function giving each call its headers); resolves with its latency in milliseconds, and
 * throws unless the tool answered without error.
 */
export async function callOverHttp(url, call, id = 1) {
  const started = performance.now();
  const response = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(typeof call.headers === "function" ? call.headers() : call.headers),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: call.tool, arguments: call.arguments },
    }),
  });
  const text = await response.text();
  if (!response.ok || !text.includes('"result"') || text.includes('"isError":true'))
    throw new Error(`call failed: ${response.status} ${text.slice(0, 300)}`);
  return performance.now() - started;
}

/** `concurrency` clients calling in a loop for `seconds`; returns calls/s, latencies and errors. */
export async function loadTest(url, call, concurrency, seconds) {
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  let errors = 0;
  let firstError;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        latencies.push(await callOverHttp(url, call));
      } catch (error) {
        errors++;
        firstError ??= error.message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { callsPerSecond: latencies.length / elapsed, latencies, errors, firstError };
}

/** Makes `count` calls, `concurrency` at a time; returns how many failed (throws if all did). */
export async function callMany(url, call, count, concurrency = 16) {
  let next = 0;
  let errors = 0;
  let lastError;
  const worker = async () => {
    while (next < count) {
      await callOverHttp(url, call, next++).catch((error) => {
        errors++;
        lastError = error;
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (count > 0 && errors === count) throw lastError;
  return errors;
}
