import { describe, expect, test } from "vitest";
import { undocumentedFields } from "../src/testing/index.js";
import { clientFor, startFake, TODAY } from "./helpers.js";

const basic = (key: string) => `Basic ${Buffer.from(`API_KEY:${key}`).toString("base64")}`;
type Json = Record<string, unknown>;

async function raw(url: string, apiKey: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: basic(apiKey) } });
  expect(response.status).toBe(200);
  return response.json();
}

describe("the strict fake serves the narrowest answers the API description allows", () => {
  test("a fields list is honoured literally: no id unless asked for, no nulls, no extra keys", async () => {
    const fake = await startFake({ strict: true });
    const rows = (await raw(
      `${fake.url}/athlete/0/activities?oldest=2025-06-01&newest=${TODAY}&fields=name,distance`,
      fake.apiKey,
    )) as Json[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) for (const key of Object.keys(row)) expect(["name", "distance"]).toContain(key);
    // The default fake adds the id, as the live API may; nothing documents that it does.
    const lenient = await startFake();
    const withId = (await raw(
      `${lenient.url}/athlete/0/activities?oldest=2025-06-01&newest=${TODAY}&fields=name`,
      lenient.apiKey,
    )) as Json[];
    expect(withId[0]).toHaveProperty("id");
  });

  test("full records drop every null and carry undocumented keys", async () => {
    const fake = await startFake({ strict: true });
    const stored = fake.store.activities.find((entry) => entry.source !== "STRAVA") as Json;
    const nullKeys = Object.keys(stored).filter((key) => stored[key] === null);
    expect(nullKeys.length).toBeGreaterThan(0);
    const activity = (await raw(`${fake.url}/activity/${stored.id}`, fake.apiKey)) as Json;
    for (const key of nullKeys) expect(activity).not.toHaveProperty(key);
    expect(activity).toMatchObject(undocumentedFields);
    expect(activity.id).toBe(stored.id);
  });

  test("the client lists activities by fields when the API returns only the fields asked for", async () => {
    const fake = await startFake({ strict: true });
    const { activities } = await clientFor(fake).activities.list({
      oldest: "2025-06-01",
      newest: TODAY,
      fields: ["name", "type"],
    });
    const expected = fake.store.activities
      .filter((entry) => entry.source !== "STRAVA" && String(entry.start_date_local) >= "2025-06-01")
      .map((entry) => entry.id)
      .reverse();
    expect(activities.map((activity) => activity.id)).toEqual(expected);
    const sent = fake.requests.find((request) => request.route === "listActivities");
    expect(sent?.query.fields?.split(",").slice(0, 2)).toEqual(["id", "start_date_local"]);
  });
});
