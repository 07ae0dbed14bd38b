import { describe, expect, test } from "vitest";
import { addDays, isUnavailableActivity, projectFitness } from "../src/index.js";
import { clientFor, fakeModes, startFake, TODAY } from "./helpers.js";

describe.each(fakeModes)("reading the generated athlete, from the $name fake", ({ strict }) => {
  test("athlete profile has sport settings and never the API key", async () => {
    const fake = await startFake({ strict });
    const athlete = await clientFor(fake).athlete.get();
    expect(athlete.id).toBe(fake.athleteId);
    expect(athlete.timezone).toBe("Europe/Amsterdam");
    expect(athlete.sportSettings.map((settings) => settings.types[0])).toEqual(["Ride", "Run", "Swim"]);
    expect(athlete.sportSettings[0]?.ftp).toBe(265);
    expect(fake.store.athlete.icu_api_key).toBe(fake.apiKey);
    expect(JSON.stringify(athlete)).not.toContain(fake.apiKey);
    expect(athlete).not.toHaveProperty("icu_api_key");
    expect(athlete).not.toHaveProperty("icu_friend_invite_token");
  });

  test("wellness days and events stay inside the window even when the server sends days outside it", async () => {
    const fake = await startFake({ strict, quirks: { daysOutsideWindow: true } });
    const client = clientFor(fake);
    const window = { oldest: addDays(TODAY, -6), newest: TODAY };
    const days = await client.wellness.list(window);
    expect(days.map((day) => day.id)).toEqual(
      Array.from({ length: 7 }, (_, index) => addDays(TODAY, index - 6)),
    );
    const sent = fake.requests.at(-1);
    expect(sent?.status).toBe(200);
    const ahead = { oldest: addDays(TODAY, 2), newest: addDays(TODAY, 5) };
    const events = await client.events.list(ahead);
    const stored = [...fake.store.events.values()].map((event) =>
      String(event.start_date_local).slice(0, 10),
    );
    // The quirk really sends more: there are stored events just outside the window on both sides.
    expect(stored.some((date) => date < ahead.oldest)).toBe(true);
    expect(stored.some((date) => date > ahead.newest)).toBe(true);
    expect(events.length).toBe(stored.filter((date) => date >= ahead.oldest && date <= ahead.newest).length);
    for (const event of events) {
      expect(event.start_date_local.slice(0, 10) >= ahead.oldest).toBe(true);
      expect(event.start_date_local.slice(0, 10) <= ahead.newest).toBe(true);
    }
  });

  test("activities stay inside the window, newest first, with Strava stubs set apart", async () => {
    const fake = await startFake({ strict, quirks: { activitiesOutsideWindow: true } });
    const oldest = addDays(TODAY, -13);
    const { activities, unavailable } = await clientFor(fake).activities.list({ oldest, newest: TODAY });
    expect(activities.length).toBeGreaterThan(5);
    for (const activity of activities) {
      expect(activity.start_date_local.slice(0, 10) >= oldest).toBe(true);
      expect(activity.start_date_local.slice(0, 10) <= TODAY).toBe(true);
    }
    const starts = activities.map((activity) => activity.start_date_local);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]).toMatchObject({ unavailable: true, source: "STRAVA" });
    expect(fake.requests.at(-1)?.query).toMatchObject({ oldest, newest: TODAY });
  });

  test("activity list passes limit and fields through, with the keys it relies on first", async () => {
    const fake = await startFake({ strict });
    const { activities, unavailable } = await clientFor(fake).activities.list({
      oldest: addDays(TODAY, -60),
      limit: 3,
      fields: ["name", "start_date_local", "icu_training_load"],
    });
    // The API counts Strava stubs in the limit; asking for `source` and `_note` tells them apart.
    expect(activities.length + unavailable.length).toBe(3);
    expect(fake.requests.at(-1)?.query.fields).toBe(
      "id,start_date_local,source,_note,name,icu_training_load",
    );
    expect(Object.keys(activities[0] ?? {}).sort()).toEqual([
      "icu_training_load",
      "id",
      "name",
      "source",
      "start_date_local",
    ]);
  });

  test("one activity with intervals, its intervals and chosen streams", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const { activities } = await client.activities.list({ oldest: addDays(TODAY, -20), newest: TODAY });
    const workout = activities.find(
      (activity) => activity.name === "Sweet Spot 3x12" || activity.name === "VO2max 5x4",
    );
    expect(workout).toBeDefined();
    const id = String(workout?.id);
    const detail = await client.activities.get(id, { intervals: true });
    expect(isUnavailableActivity(detail)).toBe(false);
    if (isUnavailableActivity(detail)) return;
    expect(detail.icu_intervals?.length).toBeGreaterThan(5);
    const intervals = await client.activities.intervals(id);
    if (isUnavailableActivity(intervals)) throw new Error("expected intervals");
    expect(intervals.icu_groups[0]?.count).toBeGreaterThanOrEqual(3);
    const streams = await client.activities.streams(id, { types: ["time", "watts", "heartrate"] });
    if (isUnavailableActivity(streams)) throw new Error("expected streams");
    expect(streams.map((stream) => stream.type)).toEqual(["time", "heartrate", "watts"]);
    expect(streams[0]?.data).toHaveLength(Number(detail.moving_time));
  });

  test("Strava activities come back as 'not available through the API', never as zeros", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const stub = fake.store.activities.find((activity) => activity.source === "STRAVA");
    const id = String(stub?.id);
    for (const result of [
      await client.activities.get(id),
      await client.activities.intervals(id),
      await client.activities.streams(id),
    ]) {
      expect(isUnavailableActivity(result)).toBe(true);
      expect(result).toMatchObject({ id, source: "STRAVA" });
    }
    fake.setFault({
      route: "getActivity",
      type: "status",
      status: 422,
      message: "Cannot read Strava activities via the API",
    });
    expect(await client.activities.get(id)).toMatchObject({
      unavailable: true,
      note: "Cannot read Strava activities via the API",
    });
  });

  test("search finds activities by name", async () => {
    const fake = await startFake({ strict });
    const hits = await clientFor(fake).activities.search("long run", { limit: 2 });
    expect(hits).toHaveLength(2);
    expect(hits.every((hit) => hit.name === "Long Run")).toBe(true);
  });

  test("wellness CTL/ATL follow the 42/7-day model exactly", async () => {
    const fake = await startFake({ strict });
    const records = await clientFor(fake).wellness.list({ oldest: addDays(TODAY, -30), newest: TODAY });
    expect(records).toHaveLength(31);
    const [first, ...rest] = records;
    const states = projectFitness(
      { ctl: Number(first?.ctl), atl: Number(first?.atl) },
      rest.map((record) => Number(record.ctlLoad)),
    );
    states.forEach((state, index) => {
      expect(state.ctl).toBeCloseTo(Number(rest[index]?.ctl), 3);
      expect(state.atl).toBeCloseTo(Number(rest[index]?.atl), 3);
    });
  });

  test("wellness fields, single days and the fitness series", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const trimmed = await client.wellness.list({
      oldest: addDays(TODAY, -2),
      newest: TODAY,
      fields: ["weight"],
    });
    expect(trimmed.map((record) => Object.keys(record).sort())).toEqual([
      ["id", "weight"],
      ["id", "weight"],
      ["id", "weight"],
    ]);
    const day = await client.wellness.get(TODAY);
    expect(day.id).toBe(TODAY);
    expect(day.restingHR).toBeGreaterThan(30);
    const fitness = await client.wellness.fitness({ oldest: addDays(TODAY, -7), newest: TODAY });
    expect(fitness).toHaveLength(8);
    const last = fitness.at(-1);
    expect(last?.form).toBeCloseTo(Number(last?.ctl) - Number(last?.atl), 6);
    expect(last?.rampRate).toBeCloseTo(Number(last?.ctl) - Number(fitness[0]?.ctl), 3);
  });

  test("events by window and category", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const week = await client.events.list({ oldest: TODAY, newest: addDays(TODAY, 6) });
    expect(week.length).toBeGreaterThan(2);
    expect(week.every((event) => event.start_date_local.slice(0, 10) <= addDays(TODAY, 6))).toBe(true);
    const races = await client.events.list({
      oldest: TODAY,
      newest: addDays(TODAY, 60),
      category: ["RACE_A", "RACE_B"],
    });
    expect(races.map((event) => event.category)).toEqual(["RACE_B", "RACE_A"]);
    const workout = week.find((event) => event.category === "WORKOUT");
    const one = await client.events.get(Number(workout?.id));
    expect(one.description).toContain("- ");
    expect(one.workout_doc).toHaveProperty("steps");
    expect(fake.requests.at(-1)?.path).toBe(`/api/v1/athlete/0/events/${workout?.id}`);
  });

  test("power, pace and HR curves, gear and sport settings", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const power = await client.curves.power({ type: "Ride", curves: ["90d", "42d"] });
    expect(power.list.map((curve) => curve.id)).toEqual(["90d", "42d"]);
    const curve = power.list[0];
    expect(curve?.secs.length).toBe(curve?.values.length);
    expect(curve?.values[0]).toBeGreaterThan(curve?.values.at(-1) ?? Number.POSITIVE_INFINITY);
    const pace = await client.curves.pace({ type: "Run", curves: ["all"] });
    expect(pace.list[0]?.distance).toContain(5000);
    const hr = await client.curves.heartRate({ type: "Ride" });
    expect(hr.list[0]?.id).toBe("90d");
    expect((await client.gear.list()).map((item) => item.type)).toContain("Shoes");
    expect((await client.sportSettings.get("Run")).threshold_pace).toBeCloseTo(1000 / 270, 3);
    expect(await client.sportSettings.list()).toHaveLength(3);
  });

  test("coaches reach other athletes with forAthlete; a stranger's data is refused", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const own = client.forAthlete(fake.athleteId.slice(1));
    expect(own.athleteId).toBe(fake.athleteId);
    expect((await own.athlete.get()).id).toBe(fake.athleteId);
    await expect(client.forAthlete("i999").athlete.get()).rejects.toMatchObject({
      kind: "permission",
      status: 403,
    });
  });

  test("bad dates and ids fail before any request", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    await expect(client.activities.list({ oldest: "15/06/2025" })).rejects.toThrow(
      /oldest must be an athlete-local date/,
    );
    await expect(client.wellness.get("2025-02-30")).rejects.toThrow(TypeError);
    await expect(client.activities.get("../athlete")).rejects.toThrow(/activityId/);
    expect(fake.requests).toHaveLength(0);
  });
});
