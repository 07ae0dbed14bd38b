import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
};

/**
 * CPU milliseconds (user + system, all threads) a running process has used so far (Linux, 10 ms ticks):
 * less sensitive than wall time to other work on a shared machine.
 */
export function cpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Milliseconds from spawning `node <args>` until it exits (for the bare `node -e 0` baseline). */
export function timeToExit(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(performance.now() - started));
  });
}

/**
 * Spawns a stdio server, sends initialize + tools/list at once, and resolves with the milliseconds until
 * the tools/list answer arrived, the CPU milliseconds the server had used by then, and that answer.
 */
export function timeToToolList(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "ignore"] });
    let buffer = "";
    child.on("error", reject);
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id === 2) {
          const ms = performance.now() - started;
          const cpuMs = cpuMsOf(child.pid);
          child.kill();
          resolve({ ms, cpuMs, result: message.result });
        }
      }
    });
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}\n`);
  });
}

/**
 * Spawns a stdio server, sends initialize, tools/list and one tools/call at once (as a client that calls a
 * tool right away), and resolves with the milliseconds until the call's answer arrived.
 */
export function timeToFirstCall(args, env, call) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "ignore"] });
    let buffer = "";
    child.on("error", reject);
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id === 3) {
          const ms = performance.now() - started;
          child.kill();
          if (message.error || message.result?.isError)
            reject(
              new Error(
                `the first ${call.tool} call failed: ${JSON.stringify(message.error ?? message.result)}`,
              ),
            );
          else resolve(ms);
        }
      }
    });
    const params = { name: call.tool, arguments: call.arguments };
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params })}\n`);
  });
}

/** A long-lived stdio server that answers requests one at a time, for per-call latency. */
export async function startStdioSession(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "ignore"] });
  const pending = new Map();
  let nextId = 1;
  let buffer = "";
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    }
  });
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  await request(initialize.method, initialize.params);
  child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  return { request, close: () => child.kill() };
}
