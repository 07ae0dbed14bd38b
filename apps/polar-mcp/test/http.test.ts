import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV, dataOf, dayFromToday, salesIn, textOf } from "./helpers.js";

const TOKEN_A = "polar_oat_AAAAaaaa1111CANARY";
const TOKEN_B = "polar_oat_BBBBbbbb2222CANARY";
const REVENUE = { metric_names: ["revenue", "orders"], time_range: "last_30_days" };

let fakeA: FakePolar;
let fakeB: FakePolar;
let router: Server;
let routerUrl: string;
let open: HttpServerProcess;
let guarded: HttpServerProcess;
const clients: ConnectedClient[] = [];
/** Every tool result the tests saw, to check that no token ever shows in one. */
const results: string[] = [];

/** Sends each request to the fake whose token it carries, as Polar serves each organization its own data. */
async function startRouter(): Promise<Server> {
  const server = createServer(async (request, response) => {
    const target = request.headers.authorization === `Bearer ${TOKEN_B}` ? fakeB : fakeA;
    const answer = await fetch(`${target.url}${request.url}`, {
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => ["authorization", "polar-version"].includes(name)),
      ) as Record<string, string>,
    });
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function connect(
  transport: "http" | "sse",
  server: HttpServerProcess,
  headers: Record<string, string> = {},
): Promise<ConnectedClient> {
  const client = await connectClient({ transport, server }, headers);
  clients.push(client);
  return client;
}

const revenueOf = async (client: ConnectedClient) => {
  const result = await client.client.callTool({ name: "get_metrics", arguments: REVENUE });
  results.push(JSON.stringify(result));
  const data = dataOf<{ totals: { metric: string; value?: number }[] }>(result);
  return data.totals.find((total) => total.metric === "revenue")?.value;
};

const expectedRevenue = (fake: FakePolar) => salesIn(fake.store, dayFromToday(-30), dayFromToday(-1)).revenue;

beforeAll(async () => {
  [fakeA, fakeB] = await Promise.all([
    startFakePolar({ seed: 11, token: TOKEN_A }),
    startFakePolar({ seed: 12, token: TOKEN_B }),
  ]);
  router = await startRouter();
  routerUrl = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;
  const env = { ...CLEAN_ENV, POLAR_API_BASE_URL: routerUrl };
  [open, guarded] = await Promise.all([
    startHttpServerProcess({ script: BIN, env }),
    startHttpServerProcess({ script: BIN, env: { ...env, MCP_AUTH_TOKEN: "mcp-secret-for-tests" } }),
  ]);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  const stderr = open.stderr() + guarded.stderr();
  await Promise.all([open.stop(), guarded.stop()]);
  await Promise.all([fakeA.close(), fakeB.close()]);
  router.close();
  for (const token of [TOKEN_A, TOKEN_B, "mcp-secret-for-tests"]) {
    for (const text of [stderr, ...results]) expect(text).not.toContain(token);
  }
  expect(results.length).toBeGreaterThan(5);
});

describe("Streamable HTTP with per-request tokens", () => {
  test("two organizations' tokens, interleaved, each get their own data", async () => {
    const [a, b] = await Promise.all([
      connect("http", open, { Authorization: `Bearer ${TOKEN_A}` }),
      connect("http", open, { Authorization: `Bearer ${TOKEN_B}` }),
    ]);
    expect(expectedRevenue(fakeA)).not.toBe(expectedRevenue(fakeB));
    const answers = await Promise.all([revenueOf(a), revenueOf(b), revenueOf(a), revenueOf(b)]);
    expect(answers).toEqual([
      expectedRevenue(fakeA),
      expectedRevenue(fakeB),
      expectedRevenue(fakeA),
      expectedRevenue(fakeB),
    ]);
  });

  test("a request without a token is told how to create one, and its text never shows another's token", async () => {
    const anonymous = await connect("http", open);
    const result = await anonymous.client.callTool({ name: "get_metrics", arguments: REVENUE });
    results.push(JSON.stringify(result));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^No Polar access token is configured\..*Authorization: Bearer polar_oat_/,
    );
  });

  test("lists the same six tools as stdio", async () => {
    const client = await connect("http", open);
    const { tools } = await client.client.listTools();
    expect(tools).toHaveLength(6);
  });
});

describe("SSE", () => {
  test("serves the tools with the request's token", async () => {
    const client = await connect("sse", open, { Authorization: `Bearer ${TOKEN_B}` });
    expect(await revenueOf(client)).toBe(expectedRevenue(fakeB));
  });
});

describe("with MCP_AUTH_TOKEN", () => {
  test("the Polar token travels in x-polar-access-token", async () => {
    const client = await connect("http", guarded, {
      Authorization: "Bearer mcp-secret-for-tests",
      "x-polar-access-token": TOKEN_B,
    });
    expect(await revenueOf(client)).toBe(expectedRevenue(fakeB));
  });

  test("a request without the server's own token is refused", async () => {
    await expect(connect("http", guarded, { "x-polar-access-token": TOKEN_A })).rejects.toThrow(
      /401|Unauthorized/,
    );
  });
});
