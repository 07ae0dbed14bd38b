// Signing in with Polar over OAuth through the SDK client (the test kit's shared suite), and the refresh of an
// expired Polar token.
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { oauthSuite } from "@mcp-connectors/test-kit/suites";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import * as vitest from "vitest";
import { BIN, CLEAN_ENV, dataOf, textOf } from "./helpers.js";

const { describe, expect, it } = vitest;

/** The product ids the store of `user`'s organization holds, sorted. */
const storeProductIds = (fake: FakePolar, user: string) =>
  fake.oauth
    .storeOf(user)
    .products.map((product) => product.id)
    .sort();

const { fake, server } = oauthSuite<FakePolar>(vitest, {
  provider: "Polar",
  noun: "user",
  bin: BIN,
  startFake: () => startFakePolar({ seed: 5 }),
  env: (fake) => ({
    ...CLEAN_ENV,
    POLAR_API_BASE_URL: fake.url,
    POLAR_MAX_RETRIES: "0",
    MCP_LOG_LEVEL: "debug",
  }),
  accountField: "user",
  accounts: () => ({ main: "alice", other: "bob", revoked: "dave", victim: "victim" }),
  // The product ids a client's list_products tool returns, sorted.
  read: async (client) => {
    const result = await client.callTool({ name: "list_products", arguments: {} });
    const isError = result.isError === true;
    const owner = isError
      ? undefined
      : dataOf<{ products: { id: string }[] }>(result)
          .products.map((product) => product.id)
          .sort();
    return { isError, text: `${textOf(result)}\n${JSON.stringify(result)}`, owner };
  },
  ownerOf: storeProductIds,
  checkSignedIn: (fake, user) => {
    expect(storeProductIds(fake, user)).not.toEqual(fake.store.products.map((product) => product.id).sort());
    expect(fake.requests.filter((request) => request.path.startsWith("/v1/")).length).toBeGreaterThan(0);
    expect(fake.requests.every((request) => request.authorization !== "invalid")).toBe(true);
  },
  denied: {
    inject: (fake) => fake.setFault("products", { type: "status", status: 403, times: 1 }),
    message: /This Polar sign-in lacks the scope [\w:]+: reconnect the connector/,
    not: /POLAR_ACCESS_TOKEN|New Token/,
  },
  revoked: {
    revoke: (fake, user) => fake.oauth.revokeUser(user),
    message: /Polar no longer accepts this sign-in.*reconnect the connector/,
    not: /POLAR_ACCESS_TOKEN/,
  },
  clearFaults: (fake) => fake.clearFaults(),
  exchanges: (fake) => fake.oauth.counts.codeExchanges,
  minimumTokens: 4,
});

/** The product ids a client's list_products tool returns, sorted, recorded for the leak check. */
async function productIds(client: Client) {
  const result = await client.callTool({ name: "list_products", arguments: {} });
  server().recorder.seen.push(JSON.stringify(result));
  return dataOf<{ products: { id: string }[] }>(result)
    .products.map((product) => product.id)
    .sort();
}

describe("refreshing a Polar sign-in", () => {
  it("an expired Polar token is refreshed before the tool runs", async () => {
    const polar = fake();
    polar.oauth.accessTokenLifetime = 5; // inside the server's refresh margin: stale at once
    const { client } = await server().signIn({ user: "carol" });
    polar.oauth.accessTokenLifetime = 3600;
    try {
      const refreshes = polar.oauth.counts.refreshes;
      expect(await productIds(client)).toEqual(storeProductIds(polar, "carol"));
      expect(polar.oauth.counts.refreshes).toBe(refreshes + 1);
      expect(await productIds(client)).toEqual(storeProductIds(polar, "carol"));
      expect(polar.oauth.counts.refreshes).toBe(refreshes + 1);
    } finally {
      await client.close();
    }
  });
});
