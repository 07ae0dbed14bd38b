import { addDays } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor, rows } from "./helpers.js";

type Json = Record<string, unknown>;

let fake: FakeIntervals;
let server: ConnectedClient;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 7 });
  server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const readable = () =>
  [...fake.store.activities].reverse().filter((a) => a.source !== "STRAVA" && a.type === "Ride") as Json[];

describe("a value Intervals.icu sends in an unexpected form", () => {
  it("is left out of its row and counted in the notes; the rest of the answer stands", async () => {
    const [first, second] = readable();
    if (!first || !second) throw new Error("expected two rides");
    first.icu_training_load = { points: 80 };
    second.average_heartrate = [150];
    const result = await call(server.client, "get_activities", { limit: 500 });
    expect(result.isError).toBe(false);
    const listed = rows(result.data.activities);
    const firstRow = listed.find((row) => row.id === first.id);
    expect(firstRow).toBeDefined();
    expect(firstRow).not.toHaveProperty("load");
    expect(firstRow?.duration_s).toBe(first.moving_time);
    expect(listed.find((row) => row.id === second.id)).not.toHaveProperty("avg_hr_bpm");
    expect(result.data.notes).toEqual(
      expect.arrayContaining([
        "Left out 2 values Intervals.icu sent in an unexpected form: icu_training_load (1), average_heartrate (1).",
      ]),
    );

    const details = await call(server.client, "get_activity_details", { activity_id: first.id });
    expect(details.isError).toBe(false);
    expect(details.data.notes).toEqual([
      "Left out 1 value Intervals.icu sent in an unexpected form: icu_training_load (1).",
    ]);
  });

  it("in the gear list leaves the gear's name out of an activity's details, not the details", async () => {
    const ride = readable()[2] as Json;
    const gear = ride.gear;
    // New gear, so the client fetches the list again, and the list has an item it cannot use.
    ride.gear = { id: "b9999", name: null };
    fake.store.gear.push({ name: "a bike without an id" });
    try {
      const details = await call(server.client, "get_activity_details", { activity_id: ride.id });
      expect(details.isError).toBe(false);
      expect(details.data.id).toBe(ride.id);
      expect(details.data).not.toHaveProperty("gear");
    } finally {
      fake.store.gear.pop();
      ride.gear = gear;
    }
  });

  it("in a wellness day leaves that value out and keeps the day", async () => {
    const date = addDays(fake.store.today, -1);
    const day = fake.store.wellness.get(date) as Json;
    day.restingHR = "about fifty";
    day.weight = { kg: 72 };
    const result = await call(server.client, "get_wellness_data", { start_date: date, end_date: date });
    expect(result.isError).toBe(false);
    const [shown] = rows(result.data.days);
    expect(shown?.date).toBe(date);
    expect(shown?.body).not.toHaveProperty("weight_kg");
    expect(shown?.vitals).not.toHaveProperty("resting_hr_bpm");
    expect(result.data.notes).toEqual([
      "Left out 1 value Intervals.icu sent in an unexpected form: weight (1).",
    ]);
  });

  it("fails the call only when the answer cannot do without it, naming the field and not suggesting a retry", async () => {
    const [first] = readable();
    if (!first) throw new Error("expected a ride");
    const id = first.id;
    delete first.id;
    try {
      const result = await call(server.client, "get_activities", { limit: 500 });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/without a usable "id"/);
      expect(result.text).not.toMatch(/try again|retry/i);
    } finally {
      first.id = id;
    }
  });
});
