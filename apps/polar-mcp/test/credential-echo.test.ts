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
import { BIN, CLEAN_ENV, textOf } from "./helpers.js";

// Each token starts with four characters found nowhere else, to catch a body cut through the token; none is
// shaped like polar_oat_…, which the app's own help text names.
const TOKEN = "zqx8canary-configured-4f1d9e7a2b";
const BEARER_TOKEN = "zqy9canary-bearer-token-6c0e3b8d";
const HEADER_TOKEN = "zqw7canary-header-token-2a9f5c7e";

let upstream: EchoUpstream;
let stdio: ConnectedClient;
let http: HttpServerProcess;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  const env = {
    ...CLEAN_ENV,
    POLAR_API_BASE_URL: upstream.url,
    POLAR_MAX_RETRIES: "0",
    MCP_LOG_LEVEL: "debug",
  };
  [stdio, http] = await Promise.all([
    connectClient({ transport: "stdio", script: BIN, env: { ...env, POLAR_ACCESS_TOKEN: TOKEN } }),
    startHttpServerProcess({ script: BIN, env }),
  ]);
});

afterAll(async () => {
  await stdio?.close();
  await http?.stop();
  await upstream?.close();
});

const LIMITS = { name: "get_metrics_limits", arguments: {} };
const toolCall = { jsonrpc: "2.0", id: 1, method: "tools/call", params: LIMITS };
const overHttp = (headers: Record<string, string>) => async () => {
  const answer = await postMcp(http.url, toolCall, headers);
  expect(answer.body).toContain('"isError":true');
  return responseText(answer);
};

it("an upstream echoing the token in its error bodies never gets any encoding of it to a user or a log", async () => {
  // The client quotes at most 80 characters of an error body.
  const modes = echoModes(80);
  const seen = await sweepEchoModes(upstream, modes, [
    async () => {
      const result = await stdio.client.callTool(LIMITS);
      expect(result.isError).toBe(true);
      return textOf(result);
    },
    overHttp({ authorization: `Bearer ${BEARER_TOKEN}` }),
    overHttp({ "x-polar-access-token": HEADER_TOKEN }),
  ]);
  const everything = [...seen, stdio.stderr(), http.stderr()].join("\n");
  expect(leakedSecretFragments(everything, [TOKEN, BEARER_TOKEN, HEADER_TOKEN])).toEqual([]);
  // Not vacuous: the upstream saw a credential on every call, and its words reached the results.
  expect(upstream.authorizedRequests).toBeGreaterThanOrEqual(modes.length * 3);
  expect(everything).toContain("was refused");
});
