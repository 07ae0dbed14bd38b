// What a bin answers to `initialize` and `tools/list` in each configuration it can start in, recorded at
// build time (dist/startup.json), so that a stdio start can answer both before it loads the server.
// Dependency-free: the bin reads it before anything else is loaded.

/** The environment variable that turns the fast start off (`MCP_FAST_START=0`). */
export const FAST_START_ENV = "MCP_FAST_START";

/** The environment variable that makes a bin print its snapshot instead of serving (used by the build). */
export const RECORD_STARTUP_ENV = "MCP_RECORD_STARTUP";

/** The command lines a snapshot covers: the shared tool selection flags, nothing else. */
export const SNAPSHOT_ARGVS: readonly (readonly string[])[] = [
  [],
  ["--read-only"],
  ["--enable-destructive"],
  ["--enable-destructive", "--read-only"],
];

/** What a server answers in one configuration. */
export interface StartupConfiguration {
  /** The command line, flags sorted by name. */
  argv: string[];
  /** The `initialize` result without `protocolVersion`, which depends on the client. */
  initialize: Record<string, unknown>;
  /** The `tools/list` result. */
  toolList: Record<string, unknown>;
}

export interface StartupSnapshot {
  format: 1;
  /** The protocol versions the server accepts, and the one it answers a client asking for another. */
  protocolVersions: { supported: string[]; latest: string };
  /**
   * Every environment variable the start read, with its value at build time (`null`: unset). A start
   * where one of them differs takes the normal path.
   */
  environment: Record<string, string | null>;
  /**
   * Variables the start reads that change neither answer nor whether it starts; with a pattern (a RegExp
   * source), only values matching it, the others take the normal path (which reports them).
   */
  neutralEnvironment: Record<string, string | null>;
  configurations: StartupConfiguration[];
}

const sortedKey = (argv: readonly string[]) => [...argv].sort().join("\n");

/** Whether `MCP_FAST_START` allows the fast start (unset, or anything but 0/false/no/off). */
export function fastStartEnabled(env: NodeJS.ProcessEnv): boolean {
  return !/^\s*(0|false|no|off)\s*$/i.test(env[FAST_START_ENV] ?? "");
}

/**
 * The configuration of the snapshot that this command line and environment start in, or `undefined` when
 * the snapshot does not cover them (any other flag, a variable that differs from the build's).
 */
export function configurationFor(
  snapshot: StartupSnapshot,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): StartupConfiguration | undefined {
  if (snapshot.format !== 1) return undefined;
  for (const [name, pattern] of Object.entries(snapshot.neutralEnvironment)) {
    const value = env[name];
    if (value !== undefined && pattern !== null && !new RegExp(pattern).test(value)) return undefined;
  }
  for (const [name, value] of Object.entries(snapshot.environment)) {
    if (name in snapshot.neutralEnvironment) continue;
    if ((env[name] ?? null) !== value) return undefined;
  }
  const key = sortedKey(argv);
  return snapshot.configurations.find((configuration) => sortedKey(configuration.argv) === key);
}
