import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  activityIntervalsSchema,
  activitySchema,
  activityStreamSchema,
  eventSchema,
  fitnessDays,
  gearSchema,
  isUnavailableActivity,
  paceCurveSchema,
  projectFitness,
  skippedValues,
  sportSettingsSchema,
  wellnessSchema,
} from "../src/index.js";
import { lenient } from "../src/schemas/lenient.js";
import { clientFor, fixture, startFake } from "./helpers.js";

type Json = Record<string, unknown>;

describe("lenient parsing of shapes the live API sends", () => {
  test("an activity with unknown keys keeps them", () => {
    const activity = activitySchema.parse(fixture("activity-run.json"));
    expect(activity.average_stance_time).toBeCloseTo(233.2, 1);
    expect(activity.icu_hr_zone_times).toEqual([103, 146, 330, 1684, 111]);
    expect(activity.gear?.id).toBe("g1");
  });

  test("served over HTTP: list rows with nulls, 'Infinity' strings and a Strava stub", async () => {
    const fake = await startFake();
    const rows = fixture<Json[]>("activities-list.json");
    fake.store.activities = rows;
    const { activities, unavailable } = await clientFor(fake).activities.list({
      oldest: "2026-09-23",
      newest: "2026-09-24",
    });
    const strength = activities.find((activity) => activity.type === "WeightTraining");
    expect(strength?.SWOLF).toBeNull();
    expect(strength?.distance).toBeNull();
    expect(activities).toHaveLength(2);
    expect(unavailable).toEqual([
      expect.objectContaining({ id: "17000000001", note: "STRAVA activities are not available via the API" }),
    ]);
    expect(isUnavailableActivity(unavailable[0])).toBe(true);
  });

  test("a list asking for some fields checks those fields as the full schema does", async () => {
    const fake = await startFake();
    fake.store.activities = fixture<Json[]>("activities-list.json");
    const client = clientFor(fake);
    const window = { oldest: "2026-09-23", newest: "2026-09-24" };
    const fields = ["start_date_local", "type", "SWOLF", "distance", "source", "_note"];
    const { activities, unavailable } = await client.activities.list({ ...window, fields });
    const strength = activities.find((activity) => activity.type === "WeightTraining");
    expect(strength?.SWOLF).toBeNull();
    for (const key of Object.keys(strength ?? {})) expect(["id", ...fields]).toContain(key);
    expect(unavailable).toHaveLength(1);
    expect(isUnavailableActivity(unavailable[0])).toBe(true);
    // An optional value of the wrong type is left out of its row and counted, with or without a field list.
    (fake.store.activities[0] as Json).type = 42;
    for (const query of [{ ...window, fields }, window]) {
      const list = await client.activities.list(query);
      expect(list.activities).toHaveLength(2);
      const row = list.activities.find((activity) => activity.id === (fake.store.activities[0] as Json).id);
      expect(row).toBeDefined();
      expect(row).not.toHaveProperty("type");
      expect(skippedValues(list)).toEqual([{ field: "type", count: 1 }]);
    }
    const clean = await client.activities.list({ ...window, fields: ["start_date_local", "name"] });
    expect(skippedValues(clean)).toEqual([]);
    // Without its id a row cannot be used: the call fails naming the field.
    delete (fake.store.activities[1] as Json).id;
    await expect(client.activities.list(window)).rejects.toMatchObject({ field: "id", retryable: false });
  });

  test("malformed optional values deep in a record are left out one by one, and counted", () => {
    const intervals = structuredClone(fixture<Json>("activity-intervals.json"));
    const rows = intervals.icu_intervals as Json[];
    (rows[0] as Json).average_heartrate = [171];
    (rows[1] as Json).zone = true;
    const parsed = lenient(activityIntervalsSchema).parse(intervals);
    expect(parsed.icu_intervals).toHaveLength(rows.length);
    expect(parsed.icu_intervals[0]).not.toHaveProperty("average_heartrate");
    expect(parsed.icu_intervals[1]?.average_heartrate).toBe((rows[1] as Json).average_heartrate);
    expect(parsed.icu_intervals[1]).not.toHaveProperty("zone");
    expect(parsed.icu_intervals[0]?.distance).toBe((rows[0] as Json).distance);
    expect(skippedValues(parsed)).toEqual([
      { field: "icu_intervals.average_heartrate", count: 1 },
      { field: "icu_intervals.zone", count: 1 },
    ]);
    // A list of wellness days keeps a day whose resting HR came as an object.
    const days = structuredClone(fixture<Json[]>("wellness-list.json"));
    (days[1] as Json).restingHR = { bpm: 48 };
    const wellness = lenient(z.array(wellnessSchema)).parse(days);
    expect(wellness).toHaveLength(days.length);
    expect(skippedValues(wellness)).toEqual([{ field: "restingHR", count: 1 }]);
    // An event without its start cannot be placed on a calendar.
    const event = structuredClone(fixture<Json>("event-workout.json"));
    delete event.start_date_local;
    expect(lenient(eventSchema).safeParse(event).error?.issues[0]?.path).toEqual(["start_date_local"]);
  });

  test("intervals, streams, wellness, gear, sport settings, pace curves and events", () => {
    const intervals = activityIntervalsSchema.parse(fixture("activity-intervals.json"));
    expect(intervals.icu_intervals[0]?.average_gradient).toBeLessThan(0);
    const streams = fixture<Json[]>("streams.json").map((stream) => activityStreamSchema.parse(stream));
    expect(streams.find((stream) => stream.type === "distance")?.data.slice(0, 3)).toEqual([null, null, 0]);
    expect(streams[0]?.valueType).toBe("java.lang.Integer");
    const wellness = fixture<Json[]>("wellness-list.json").map((record) => wellnessSchema.parse(record));
    expect(wellness[0]?.hrv).toBeNull();
    expect(wellnessSchema.parse(fixture("wellness-entry.json")).sportInfo?.[0]?.eftp).toBeCloseTo(282.86, 2);
    expect(fixture<Json[]>("gear.json").map((item) => gearSchema.parse(item).name)).toEqual([
      "Road shoes",
      "Trail shoes",
    ]);
    const settings = sportSettingsSchema.parse(fixture("sport-settings-run.json"));
    expect(settings).toMatchObject({ lthr: 172, eFTPSupported: false, ftp: null });
    const curve = paceCurveSchema.parse(fixture<{ list: Json[] }>("pace-curves.json").list[0]);
    expect(curve.distance).toHaveLength(curve.values.length);
    const event = eventSchema.parse(fixture("event-workout.json"));
    expect(event.workout_doc).toHaveProperty("zoneTimes");
  });

  test("a captured CTL/ATL series reproduces from its loads with the 42/7 model", () => {
    const series = fixture<Json[]>("ctl-atl-series.json").map((record) => ({
      ...record,
      id: String(record.date),
    }));
    const days = fitnessDays(series as never);
    const [first, ...rest] = days;
    const states = projectFitness(
      { ctl: Number(first?.ctl), atl: Number(first?.atl) },
      rest.map((day) => Number(day.load)),
    );
    states.forEach((state, index) => {
      expect(state.ctl).toBeCloseTo(Number(rest[index]?.ctl), 3);
      expect(state.atl).toBeCloseTo(Number(rest[index]?.atl), 3);
    });
  });
});
