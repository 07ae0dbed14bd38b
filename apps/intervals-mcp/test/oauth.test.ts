import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import {
  INVALID_TOKEN_CHALLENGE,
  type OAuthServerProcess,
  startOAuthServerProcess,
} from "@mcp-connectors/tool-builder/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

const OTHER_ATHLETE = "i7002";
let fake: FakeIntervals;
let server: OAuthServerProcess;

/** Signs in through the SDK client, approving the consent page and signing in at Intervals.icu as `athlete`. */
const signIn = (athlete: string) => server.signIn({ athlete });

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 4 });
  server = await startOAuthServerProcess({
    script: BIN,
    env: envFor(undefined, { INTERVALS_API_BASE_URL: fake.url, MCP_LOG_LEVEL: "debug" }),
    clientId: fake.oauth.clientId,
    clientSecret: fake.oauth.clientSecret,
  });
});

afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await fake.close();
  expect(fake.oauth.issuedTokens().length).toBeGreaterThan(2);
  expect(server.leaked(fake.oauth.issuedTokens())).toEqual([]);
});

describe("signing in with Intervals.icu over OAuth", () => {
  it("the SDK client signs in, and its tools read that athlete's data with a Bearer token", async () => {
    const { client } = await signIn(fake.athleteId);
    try {
      const athlete = await call(client, "get_athlete");
      server.recorder.seen.push(athlete.text);
      expect(athlete.isError).toBe(false);
      expect(athlete.data.id).toBe(fake.athleteId);
      expect(fake.oauth.grantedScope(fake.athleteId)).toBe(
        "ACTIVITY:READ,WELLNESS:READ,CALENDAR:READ,ACTIVITY:WRITE,WELLNESS:WRITE,CALENDAR:WRITE",
      );
      const apiCalls = fake.requests.filter((request) => request.path.startsWith("/api/v1/"));
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(new Set(apiCalls.map((request) => request.auth))).toEqual(new Set(["bearer"]));
    } finally {
      await client.close();
    }
  });

  it("two athletes each get their own data, even when calls interleave", async () => {
    const [own, other] = await Promise.all([signIn(fake.athleteId), signIn(OTHER_ATHLETE)]);
    try {
      for (let round = 0; round < 2; round++) {
        const results = await Promise.all([own, other].map(({ client }) => call(client, "get_athlete")));
        server.recorder.seen.push(...results.map((result) => result.text));
        expect(results.map((result) => result.data.id)).toEqual([fake.athleteId, OTHER_ATHLETE]);
      }
      const [ownRides, otherRides] = await Promise.all(
        [own, other].map(({ client }) => call(client, "get_activities", { limit: 5 })),
      );
      expect(ownRides?.text).not.toBe(otherRides?.text);
    } finally {
      await Promise.all([own.client.close(), other.client.close()]);
    }
  });

  it("a refusal for missing access tells a signed-in athlete to reconnect, not to check an API key", async () => {
    const { client } = await signIn(fake.athleteId);
    try {
      fake.setFault({ route: "getAthlete", type: "status", status: 403, message: "Access denied", times: 1 });
      const denied = await call(client, "get_athlete");
      server.recorder.seen.push(denied.text);
      expect(denied.isError).toBe(true);
      expect(denied.text).toMatch(/^Intervals\.icu denied access .*reconnect the connector/);
      expect(denied.text).not.toMatch(/API key|INTERVALS_API_KEY/);
      // A 403 is not a refused sign-in: the next call works with the same tokens.
      expect((await call(client, "get_athlete")).data.id).toBe(fake.athleteId);
    } finally {
      fake.clearFaults();
      await client.close();
    }
  });

  it("when the athlete removes the app at Intervals.icu, the sign-in ends with 401 and WWW-Authenticate", async () => {
    const { client, tokens } = await signIn("i7003");
    try {
      expect((await call(client, "get_athlete")).data.id).toBe("i7003");
      fake.oauth.revokeAthlete("i7003");
      const refused = await call(client, "get_athlete");
      server.recorder.seen.push(refused.text);
      expect(refused.isError).toBe(true);
      // A signed-in user has no API key to check: the message says to sign in again.
      expect(refused.text).toMatch(/^Intervals\.icu no longer accepts this sign-in.*reconnect the connector/);
      expect(refused.text).not.toContain("INTERVALS_API_KEY");
      expect(await server.challengeFor(tokens.access_token)).toMatch(INVALID_TOKEN_CHALLENGE);
    } finally {
      await client.close();
    }
  });

  it("a provider link approved in one browser is refused in another: the attacker's client gets no code", async () => {
    const issued = fake.oauth.issuedTokens().length;
    const victim = await server.handOverSignIn({ athlete: fake.athleteId });
    expect(victim.code).toBeUndefined();
    expect(victim.stopped).toMatch(/\/oauth\/callback with HTTP 400/);
    expect(victim.lastPage).toContain("approved in another browser");
    expect(fake.oauth.issuedTokens().length).toBe(issued);
  });
});
