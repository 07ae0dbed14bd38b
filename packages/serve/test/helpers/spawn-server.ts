import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const FIXTURE_SERVER = fileURLToPath(new URL("../fixtures/fixture-server.ts", import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** The HTTP base URL, once the server said where it listens. */
  url: string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Spawns a server script over HTTP on a random port and waits until it listens. */
export async function spawnHttpServer(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [script, "--transport", "http", "--port", "0", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    child,
    stderr: () => stderr,
    url,
    exited,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Runs a server script to completion (for flags that exit at once) and returns its output. */
export async function runToExit(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, stdout, stderr };
}
