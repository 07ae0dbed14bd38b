import { addDays } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

let fake: FakeIntervals;
let server: ConnectedClient;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 7, strict: true });
  // The generated athlete has one Strava stub in the last 30 days, without a sport (as the API sends them);
  // add one that names its sport.
  const day = addDays(fake.store.today, -5);
  fake.store.activities.push({
    id: "16358453999",
    start_date_local: `${day}T07:00:00`,
    source: "STRAVA",
    _note: "STRAVA activities are not available via the API",
    type: "Ride",
  });
  server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("the Strava-stub count", () => {
  const inWindow = () =>
    fake.store.activities.filter(
      (a) =>
        a.source === "STRAVA" && String(a.start_date_local).slice(0, 10) >= addDays(fake.store.today, -30),
    );

  it("counts every stub without a sport filter", async () => {
    const result = await call(server.client, "get_activities", { limit: 500 });
    expect(inWindow()).toHaveLength(2);
    expect(result.data.strava_unavailable).toBe(2);
  });

  it("honours the sport filter: a stub of another sport is not counted, one of unknown sport is, and said so", async () => {
    const runs = await call(server.client, "get_activities", { sport: "Run", limit: 500 });
    expect(runs.data.strava_unavailable).toBe(1);
    expect(runs.data.notes).toEqual(
      expect.arrayContaining([
        "The API does not say the sport of 1 of them, so they may or may not be Runs.",
      ]),
    );
    const rides = await call(server.client, "get_activities", { sport: "Ride", limit: 500 });
    expect(rides.data.strava_unavailable).toBe(2);
  });
});
