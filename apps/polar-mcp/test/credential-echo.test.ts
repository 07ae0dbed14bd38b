import {
  type ConnectedClient,
  connectClient,
  type EchoMode,
  type EchoUpstream,
  type HttpServerProcess,
  postMcp,
  responseText,
  secretFragments,
  startEchoUpstream,
  startHttpServerProcess,
} from "@mcp-connectors/tool-builder/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, CLEAN_ENV, textOf } from "./helpers.js";

// Each key starts with four characters found nowhere else, to catch a body cut through the key.
// Not shaped like polar_oat_…: the app's own help text names that prefix.
const KEY = "zqx8canary-configured-4f1d9e7a2b";
const BEARER_KEY = "zqy9canary-bearer-token-6c0e3b8d";
const HEADER_KEY = "zqw7canary-header-token-2a9f5c7e";

let upstream: EchoUpstream;
let stdio: ConnectedClient;
let http: HttpServerProcess;
const seen: string[] = [];

beforeAll(async () => {
  upstream = await startEchoUpstream();
  const env = {
    ...CLEAN_ENV,
    POLAR_API_BASE_URL: upstream.url,
    POLAR_MAX_RETRIES: "0",
    MCP_LOG_LEVEL: "debug",
  };
  [stdio, http] = await Promise.all([
    connectClient({ transport: "stdio", script: BIN, env: { ...env, POLAR_ACCESS_TOKEN: KEY } }),
    startHttpServerProcess({ script: BIN, env }),
  ]);
});

afterAll(async () => {
  await stdio?.close();
  await http?.stop();
  await upstream?.close();
});

// Every refusal status, with the echo in the JSON fields the client reads and in plain text placed so that
// the client's 80-character cut lands inside the key.
const modes: EchoMode[] = [401, 403, 404, 422, 500].flatMap((status) => [
  { status, body: "json" as const },
  { status, body: "validation" as const },
  ...[0, 76, 78, 82].map((padding) => ({ status, body: "text" as const, padding })),
]);

const toolCall = {
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "get_metrics_limits", arguments: {} },
};

describe("an upstream that echoes the credential in its error bodies", () => {
  it.each(modes)("%o: every answer is an error without the key", async (mode) => {
    upstream.setMode(mode);
    const [configured, bearer, header] = await Promise.all([
      stdio.client.callTool({ name: "get_metrics_limits", arguments: {} }),
      postMcp(http.url, toolCall, { authorization: `Bearer ${BEARER_KEY}` }),
      postMcp(http.url, toolCall, { "x-polar-access-token": HEADER_KEY }),
    ]);
    expect(configured.isError).toBe(true);
    for (const answer of [bearer, header]) expect(answer.body).toContain('"isError":true');
    seen.push(textOf(configured), responseText(bearer), responseText(header));
  });

  it("no result, answer or log line holds any encoding of any key, nor a key's first characters", () => {
    const everything = [...seen, stdio.stderr(), http.stderr()].join("\n");
    expect(seen).toHaveLength(modes.length * 3);
    for (const key of [KEY, BEARER_KEY, HEADER_KEY]) {
      expect(everything).not.toContain(key.slice(0, 4));
      for (const fragment of secretFragments(key)) expect(everything).not.toContain(fragment);
    }
    // Not vacuous: the upstream saw a credential on every call, and its words reached the results.
    expect(upstream.authorizedRequests).toBeGreaterThanOrEqual(modes.length * 3);
    expect(everything).toContain("was refused");
  });
});
