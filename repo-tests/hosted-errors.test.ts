// A hosted user brings their own key with each HTTP request and cannot set the server's environment: when
// the upstream refuses that key, the error names the header (and the connector setting) they can change,
// not INTERVALS_API_KEY or POLAR_ACCESS_TOKEN. With the server's own key, the variable is still named.
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, describe, expect, test } from "vitest";
import { root } from "./apps.ts";

interface Fake {
  url: string;
  close(): Promise<void>;
}
interface Connected {
  client: Client;
  close(): Promise<void>;
}
interface Testing {
  startHttpServerProcess(options: { script: string; env?: Record<string, string | undefined> }): Promise<{
    url: string;
    stop(): Promise<number | null>;
  }>;
  connectClient(target: Record<string, unknown>, headers?: Record<string, string>): Promise<Connected>;
}

// Built by the time tests run, not when the root is typechecked: hence paths TypeScript does not follow.
const dist = (library: string, entry: string) => join(root, "packages", library, "dist", entry);
const toolBuilderTesting = () => import(dist("test-kit", "index.js")) as Promise<Testing>;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const apps = {
  "intervals-mcp": {
    variable: "INTERVALS_API_KEY",
    header: "x-intervals-api-key",
    tool: "get_athlete",
    async fake(): Promise<Fake> {
      const { startFakeIntervals } = (await import(dist("intervals-icu", "testing/index.js"))) as {
        startFakeIntervals(options: Record<string, unknown>): Promise<Fake>;
      };
      return startFakeIntervals({ seed: 1, apiKey: "the-right-key-for-the-fake" });
    },
    env: (fake: Fake) => ({ INTERVALS_API_BASE_URL: fake.url }),
  },
  "polar-mcp": {
    variable: "POLAR_ACCESS_TOKEN",
    header: "x-polar-access-token",
    tool: "get_metrics_limits",
    async fake(): Promise<Fake> {
      const { startFakePolar } = (await import(dist("polar-metrics", "testing/index.js"))) as {
        startFakePolar(options: Record<string, unknown>): Promise<Fake>;
      };
      return startFakePolar({ seed: 1, token: "polar_oat_therighttokenforthefake" });
    },
    env: (fake: Fake) => ({ POLAR_API_BASE_URL: fake.url }),
  },
} as const;

const noCredentials = {
  INTERVALS_API_KEY: undefined,
  API_KEY: undefined,
  INTERVALS_ACCESS_TOKEN: undefined,
  POLAR_ACCESS_TOKEN: undefined,
  POLAR_API_KEY: undefined,
  POLAR_OAT: undefined,
};

const textOf = (result: Awaited<ReturnType<Client["callTool"]>>) =>
  (result.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? "").join("\n");

describe.each(Object.entries(apps))("%s", (app, spec) => {
  const script = join(root, "apps", app, "dist", "bin.js");
  const wrongKey = "wrong-key-sent-by-the-connector-0042";

  test("a key sent with the HTTP request and refused: the message names the header and the connector", async () => {
    const testing = await toolBuilderTesting();
    const fake = await spec.fake();
    cleanups.push(() => fake.close());
    const server = await testing.startHttpServerProcess({
      script,
      env: { ...noCredentials, ...spec.env(fake) },
    });
    cleanups.push(() => server.stop());
    const connected = await testing.connectClient({ transport: "http", server }, { [spec.header]: wrongKey });
    cleanups.push(() => connected.close());
    const result = await connected.client.callTool({ name: spec.tool, arguments: {} });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain(spec.header);
    expect(text).toContain("connector");
    expect(text).not.toContain(spec.variable);
    expect(text).not.toContain(wrongKey);
  });

  test("the server's own key refused: the message names the variable the operator sets", async () => {
    const testing = await toolBuilderTesting();
    const fake = await spec.fake();
    cleanups.push(() => fake.close());
    const connected = await testing.connectClient({
      transport: "stdio",
      script,
      env: { ...noCredentials, ...spec.env(fake), [spec.variable]: wrongKey },
    });
    cleanups.push(() => connected.close());
    const result = await connected.client.callTool({ name: spec.tool, arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(spec.variable);
    expect(textOf(result)).not.toContain(spec.header);
  });
});
