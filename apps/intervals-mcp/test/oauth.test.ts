// Signing in with Intervals.icu over OAuth through the SDK client (the test kit's shared suite).
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { oauthSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { BIN, call, envFor } from "./helpers.js";

const { expect } = vitest;

oauthSuite<FakeIntervals>(vitest, {
  provider: "Intervals.icu",
  noun: "athlete",
  bin: BIN,
  startFake: () => startFakeIntervals({ seed: 4 }),
  env: (fake) => envFor(undefined, { INTERVALS_API_BASE_URL: fake.url, MCP_LOG_LEVEL: "debug" }),
  accountField: "athlete",
  accounts: (fake) => ({ main: fake.athleteId, other: "i7002", revoked: "i7003", victim: fake.athleteId }),
  read: async (client) => {
    const athlete = await call(client, "get_athlete");
    return { isError: athlete.isError, text: athlete.text, owner: athlete.data?.id };
  },
  ownerOf: (_fake, athlete) => athlete,
  checkSignedIn: (fake, athlete) => {
    expect(fake.oauth.grantedScope(athlete)).toBe(
      "ACTIVITY:READ,WELLNESS:READ,CALENDAR:READ,ACTIVITY:WRITE,WELLNESS:WRITE,CALENDAR:WRITE",
    );
    const apiCalls = fake.requests.filter((request) => request.path.startsWith("/api/v1/"));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(new Set(apiCalls.map((request) => request.auth))).toEqual(new Set(["bearer"]));
  },
  checkApart: async (clients) => {
    const [ownRides, otherRides] = await Promise.all(
      clients.map((client) => call(client, "get_activities", { limit: 5 })),
    );
    expect(ownRides?.text).not.toBe(otherRides?.text);
  },
  denied: {
    inject: (fake) =>
      fake.setFault({ route: "getAthlete", type: "status", status: 403, message: "Access denied", times: 1 }),
    message: /^Intervals\.icu denied access .*reconnect the connector/,
    not: /API key|INTERVALS_API_KEY/,
  },
  revoked: {
    revoke: (fake, athlete) => fake.oauth.revokeAthlete(athlete),
    message: /^Intervals\.icu no longer accepts this sign-in.*reconnect the connector/,
    not: /INTERVALS_API_KEY/,
  },
  clearFaults: (fake) => fake.clearFaults(),
  exchanges: (fake) => fake.oauth.issuedTokens().length,
  minimumTokens: 2,
});
