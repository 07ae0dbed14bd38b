import {
  type ConnectedClient,
  connectClient,
  type EchoUpstream,
  echoModes,
  type HttpServerProcess,
  leakedSecretFragments,
  postMcp,
  responseText,
  startEchoUpstream,
  startHttpServerProcess,
  sweepEchoModes,
} from "@mcp-connectors/tool-builder/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

// Each key starts with four characters found nowhere else, to catch a body cut through the key.
const KEY = "zqx8canary-configured-4f1d9e7a2b";
const BEARER_KEY = "zqy9canary-bearer-key-6c0e3b8d1a";
const HEADER_KEY = "zqw7canary-header-key-2a9f5c7e4d";

let upstream: EchoUpstream;
let stdio: ConnectedClient;
let http: HttpServerProcess;

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

const toolCall = {
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "get_athlete", arguments: {} },
};
const overHttp = (headers: Record<string, string>) => async () => {
  const answer = await postMcp(http.url, toolCall, headers);
  expect(answer.body).toContain('"isError":true');
  return responseText(answer);
};

it("an upstream echoing the key in its error bodies never gets any encoding of it to a user or a log", async () => {
  // The client cuts a long error body at 300 characters.
  const modes = echoModes(300);
  const seen = await sweepEchoModes(upstream, modes, [
    async () => {
      const result = await call(stdio.client, "get_athlete");
      expect(result.isError).toBe(true);
      return result.text;
    },
    overHttp({ authorization: `Bearer ${BEARER_KEY}` }),
    overHttp({ "x-intervals-api-key": HEADER_KEY }),
  ]);
  const everything = [...seen, stdio.stderr(), http.stderr()].join("\n");
  expect(leakedSecretFragments(everything, [KEY, BEARER_KEY, HEADER_KEY])).toEqual([]);
  // Not vacuous: the upstream saw a credential on every call, and its words reached the results.
  expect(upstream.authorizedRequests).toBeGreaterThanOrEqual(modes.length * 3);
  expect(everything).toContain("was refused");
});
