import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import {
  INVALID_TOKEN_CHALLENGE,
  type OAuthServerProcess,
  startOAuthServerProcess,
} from "@mcp-connectors/tool-builder/testing";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, CLEAN_ENV, dataOf } from "./helpers.js";

let fake: FakePolar;
let server: OAuthServerProcess;

/** Signs in through the SDK client, approving the consent page and signing in at Polar as `user`. */
const signIn = (user: string) => server.signIn({ user });

/** The product ids a client's list_products tool returns, sorted. */
async function productIds(client: Client) {
  const result = await client.callTool({ name: "list_products", arguments: {} });
  server.recorder.seen.push(JSON.stringify(result));
  return dataOf<{ products: { id: string }[] }>(result)
    .products.map((product) => product.id)
    .sort();
}
const storeProductIds = (user: string) =>
  fake.oauth
    .storeOf(user)
    .products.map((product) => product.id)
    .sort();

beforeAll(async () => {
  fake = await startFakePolar({ seed: 5 });
  server = await startOAuthServerProcess({
    script: BIN,
    env: { ...CLEAN_ENV, POLAR_API_BASE_URL: fake.url, POLAR_MAX_RETRIES: "0", MCP_LOG_LEVEL: "debug" },
    clientId: fake.oauth.clientId,
    clientSecret: fake.oauth.clientSecret,
  });
});

afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await fake.close();
  expect(fake.oauth.issuedTokens().length).toBeGreaterThan(4);
  expect(server.leaked(fake.oauth.issuedTokens())).toEqual([]);
});

describe("signing in with Polar over OAuth", () => {
  it("the SDK client discovers, registers, signs in with PKCE, and reads that user's organization", async () => {
    const { client } = await signIn("alice");
    try {
      expect(await productIds(client)).toEqual(storeProductIds("alice"));
      expect(storeProductIds("alice")).not.toEqual(fake.store.products.map((product) => product.id).sort());
      expect(fake.requests.filter((request) => request.path.startsWith("/v1/")).length).toBeGreaterThan(0);
      expect(fake.requests.every((request) => request.authorization !== "invalid")).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("two users each get their own organization, even when calls interleave", async () => {
    const [alice, bob] = await Promise.all([signIn("alice"), signIn("bob")]);
    try {
      for (let round = 0; round < 2; round++) {
        const [aliceIds, bobIds] = await Promise.all([productIds(alice.client), productIds(bob.client)]);
        expect(aliceIds).toEqual(storeProductIds("alice"));
        expect(bobIds).toEqual(storeProductIds("bob"));
      }
      expect(storeProductIds("alice")).not.toEqual(storeProductIds("bob"));
    } finally {
      await Promise.all([alice.client.close(), bob.client.close()]);
    }
  });

  it("an expired Polar token is refreshed before the tool runs", async () => {
    fake.oauth.accessTokenLifetime = 5; // inside the server's refresh margin: stale at once
    const { client } = await signIn("carol");
    fake.oauth.accessTokenLifetime = 3600;
    try {
      const refreshes = fake.oauth.counts.refreshes;
      expect(await productIds(client)).toEqual(storeProductIds("carol"));
      expect(fake.oauth.counts.refreshes).toBe(refreshes + 1);
      expect(await productIds(client)).toEqual(storeProductIds("carol"));
      expect(fake.oauth.counts.refreshes).toBe(refreshes + 1);
    } finally {
      await client.close();
    }
  });

  it("a missing scope tells a signed-in user to reconnect, not to create a token", async () => {
    const { client } = await signIn("alice");
    try {
      fake.setFault("products", { type: "status", status: 403, times: 1 });
      const denied = await client.callTool({ name: "list_products", arguments: {} });
      server.recorder.seen.push(JSON.stringify(denied));
      expect(denied.isError).toBe(true);
      const text = JSON.stringify(denied.content);
      expect(text).toMatch(/This Polar sign-in lacks the scope [\w:]+: reconnect the connector/);
      expect(text).not.toMatch(/POLAR_ACCESS_TOKEN|New Token/);
      // A missing scope is not a refused sign-in: the next call works with the same tokens.
      expect(await productIds(client)).toEqual(storeProductIds("alice"));
    } finally {
      fake.clearFaults();
      await client.close();
    }
  });

  it("a sign-in revoked at Polar ends: 401 with WWW-Authenticate", async () => {
    const { client, tokens } = await signIn("dave");
    try {
      expect(await productIds(client)).toEqual(storeProductIds("dave"));
      fake.oauth.revokeUser("dave");
      const refused = await client.callTool({ name: "list_products", arguments: {} });
      server.recorder.seen.push(JSON.stringify(refused));
      expect(refused.isError).toBe(true);
      // A signed-in user has no token to set: the message says to sign in again.
      const text = JSON.stringify(refused.content);
      expect(text).toMatch(/Polar no longer accepts this sign-in.*reconnect the connector/);
      expect(text).not.toContain("POLAR_ACCESS_TOKEN");
      expect(await server.challengeFor(tokens.access_token)).toMatch(INVALID_TOKEN_CHALLENGE);
    } finally {
      await client.close();
    }
  });

  it("a provider link approved in one browser is refused in another: the attacker's client gets no code", async () => {
    const exchanges = fake.oauth.counts.codeExchanges;
    const victim = await server.handOverSignIn({ user: "victim" });
    expect(victim.code).toBeUndefined();
    expect(victim.stopped).toMatch(/\/oauth\/callback with HTTP 400/);
    expect(victim.lastPage).toContain("approved in another browser");
    expect(fake.oauth.counts.codeExchanges).toBe(exchanges);
  });
});
