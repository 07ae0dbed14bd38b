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
import { BIN, call, envFor } from "./helpers.js";

// Each key starts with four characters found nowhere else, to catch a body cut through the key.
const KEY = "zqx8canary-configured-4f1d9e7a2b";
const BEARER_KEY = "zqy9canary-bearer-key-6c0e3b8d1a";
const HEADER_KEY = "zqw7canary-header-key-2a9f5c7e4d";

let upstream: EchoUpstream;
let stdio: ConnectedClient;
let http: HttpServerProcess;
const seen: string[] = [];

beforeAll(async () => {
  upstream = await startEchoUpstream();
  const env = envFor(undefined, { INTERVALS_API_BASE_URL: upstream.url, MCP_LOG_LEVEL: "debug" });
  [stdio, http] = await Promise.all([
    connectClient({ transport: "stdio", script: BIN, env: { ...env, INTERVALS_API_KEY: KEY } }),
    startHttpServerProcess({ script: BIN, env }),
  ]);
});

afterAll(async () => {
  await stdio?.close();
  await http?.stop();
  await upstream?.close();
});

// Every refusal status, with the echo in the JSON fields the client reads and in plain text placed so that
// the client's 300-character cut lands inside the key.
const modes: EchoMode[] = [401, 403, 404, 422, 500].flatMap((status) => [
  { status, body: "json" as const },
  { status, body: "validation" as const },
  ...[0, 296, 298, 302].map((padding) => ({ status, body: "text" as const, padding })),
]);

const toolCall = {
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "get_athlete", arguments: {} },
};

describe("an upstream that echoes the credential in its error bodies", () => {
  it.each(modes)("%o: every answer is an error without the key", async (mode) => {
    upstream.setMode(mode);
    const [configured, bearer, header] = await Promise.all([
      call(stdio.client, "get_athlete"),
      postMcp(http.url, toolCall, { authorization: `Bearer ${BEARER_KEY}` }),
      postMcp(http.url, toolCall, { "x-intervals-api-key": HEADER_KEY }),
    ]);
    expect(configured.isError).toBe(true);
    for (const answer of [bearer, header]) expect(answer.body).toContain('"isError":true');
    seen.push(configured.text, responseText(bearer), responseText(header));
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
