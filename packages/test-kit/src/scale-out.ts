import { fork, spawnSync } from "node:child_process";
import { once } from "node:events";
import type { HttpServerProcess } from "./process.js";
import { type RoundRobinProxy, startRoundRobinProxy } from "./round-robin-proxy.js";

/**
 * True when `redis-server` is missing on a developer's machine, after saying so once: a scale-out test then
 * skips. Under CI (`CI` set) it is never missing, so that a lost install fails the run instead of skipping.
 * @param testFile the test file's name, for the message
 */
export function redisServerMissing(testFile: string): boolean {
  const missing = spawnSync("redis-server", ["--version"]).error !== undefined && !process.env.CI;
  if (missing)
    console.warn(
      `${testFile} skipped: redis-server is not installed (Debian: apt-get install -y redis-server); under CI it runs.`,
    );
  return missing;
}

/** The most arrivals (milliseconds) that fall within any window of `windowMs`. */
export function mostWithin(arrivals: readonly number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** What a fake API running in a child process (see {@link serveForkedFake}) lets the test do. */
export interface ForkedFakeControls<Arrival, Fault> {
  /** Every request the fake has received, as the child reports it. */
  requests(): Promise<Arrival[]>;
  /** Hands a fault to the child's `setFault`. */
  setFault(fault: Fault): void;
  /** Disconnects; the child closes its fake and exits. */
  close(): void;
}

/**
 * Starts a fake API in a process of its own, so that the test process's own work (sending many calls, the
 * proxy) cannot delay the moments the fake notes requests arriving. `script` calls {@link serveForkedFake}.
 * @returns what the child sent when listening (its URL, credentials, …), with the controls
 */
export async function startForkedFake<Info extends object, Arrival, Fault = never>(
  script: string | URL,
): Promise<Info & ForkedFakeControls<Arrival, Fault>> {
  const child = fork(script, { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const [info] = (await once(child, "message")) as [Info];
  return {
    ...info,
    async requests() {
      const answer = once(child, "message");
      child.send({ requests: true });
      return ((await answer)[0] as { requests: Arrival[] }).requests;
    },
    setFault: (fault) => child.send({ fault }),
    close: () => child.disconnect(),
  };
}

/**
 * The child's side of {@link startForkedFake}: sends `info` once, answers requests for the fake's request log
 * with `requests()`, passes faults to `setFault` (when the fake takes any), and closes the fake and exits when
 * the parent disconnects.
 */
export function serveForkedFake(fake: {
  info: object;
  requests(): unknown[];
  setFault?(fault: never): void;
  close(): Promise<void>;
}): void {
  process.on("message", (message: { fault?: never; requests?: true }) => {
    if (message.fault) fake.setFault?.(message.fault);
    if (message.requests) process.send?.({ requests: fake.requests() });
  });
  process.on("disconnect", () => void fake.close().then(() => process.exit(0)));
  process.send?.(fake.info);
}

/** Replicas of a server behind a round-robin proxy, as a team runs them behind a load balancer. */
export interface ReplicaSet {
  proxy: RoundRobinProxy;
  /** The replicas, in the proxy's order; remove one from here and from `backends` once it is stopped. */
  replicas: HttpServerProcess[];
  /** The base URLs the proxy sends to. */
  backends: string[];
  /** Stops every replica still listed, then the proxy. */
  stop(): Promise<void>;
}

/**
 * Starts the proxy, then `count` replicas with `start`, which gets the proxy's URL (the replicas' public URL,
 * for OAuth), and puts them behind it.
 */
export async function startReplicaSet(
  count: number,
  start: (publicUrl: string) => Promise<HttpServerProcess>,
): Promise<ReplicaSet> {
  const backends: string[] = [];
  const proxy = await startRoundRobinProxy(backends);
  const replicas = await Promise.all(Array.from({ length: count }, () => start(proxy.url)));
  backends.push(...replicas.map((replica) => replica.url));
  return {
    proxy,
    replicas,
    backends,
    stop: async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await proxy.close();
    },
  };
}
