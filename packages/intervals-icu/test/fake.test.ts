import { expect, test } from "vitest";
import { startFakeIntervals } from "../src/testing/index.js";
import { clientFor, startFake, TODAY } from "./helpers.js";

const basic = (key: string) => `Basic ${Buffer.from(`API_KEY:${key}`).toString("base64")}`;

// How fast it starts is measured by `pnpm bench`, not asserted here.
test("generates about 120 days of rides, runs and swims", async () => {
  const fake = await startFakeIntervals({ seed: 5, today: TODAY });
  try {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const types = new Set(fake.store.activities.map((activity) => activity.type));
    for (const type of ["Ride", "VirtualRide", "Run", "Swim"]) expect(types).toContain(type);
    expect(fake.store.wellness.size).toBe(120);
    expect([...fake.store.events.values()].some((event) => String(event.start_date_local) > TODAY)).toBe(
      true,
    );
  } finally {
    await fake.close();
  }
});

test("the same seed gives the same athlete; another seed a different one", async () => {
  const [a, b, c] = await Promise.all([
    startFake({ seed: 3 }),
    startFake({ seed: 3 }),
    startFake({ seed: 4 }),
  ]);
  expect(a.store.activities).toEqual(b.store.activities);
  expect([...a.store.wellness.values()]).toEqual([...b.store.wellness.values()]);
  expect(a.store.activities).not.toEqual(c.store.activities);
});

test("answers like the live API: 401 without credentials, 404 JSON for unknown paths, 422 without curve type", async () => {
  const fake = await startFake();
  const anonymous = await fetch(`${fake.url}/athlete/0`);
  expect(anonymous.status).toBe(401);
  const missing = await fetch(`${fake.url}/athlete/0/fitness`, {
    headers: { authorization: basic(fake.apiKey) },
  });
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({
    status: 404,
    error: "Not Found",
    path: "/api/v1/athlete/0/fitness",
  });
  const singular = await fetch(`${fake.url}/athlete/0/event/1`, {
    headers: { authorization: basic(fake.apiKey) },
  });
  expect(singular.status).toBe(404);
  const curves = await fetch(`${fake.url}/athlete/0/power-curves.json`, {
    headers: { authorization: basic(fake.apiKey) },
  });
  expect(curves.status).toBe(422);
  expect(await curves.json()).toEqual({
    status: 422,
    error: "Required request parameter 'type' for method parameter type ActivityType is not present",
  });
});

test("faults apply per route, count down and can be cleared", async () => {
  const fake = await startFake();
  const headers = { authorization: basic(fake.apiKey) };
  fake.setFault({ route: "listGear", type: "status", status: 429, retryAfter: 7, times: 1 });
  fake.setFault({ route: "getAthlete", type: "status", status: 500 });
  const limited = await fetch(`${fake.url}/athlete/0/gear`, { headers });
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("7");
  expect((await fetch(`${fake.url}/athlete/0/gear`, { headers })).status).toBe(200);
  expect((await fetch(`${fake.url}/athlete/0`, { headers })).status).toBe(500);
  fake.clearFaults();
  expect((await fetch(`${fake.url}/athlete/0`, { headers })).status).toBe(200);
  expect(fake.requests.map((request) => [request.route, request.status])).toEqual([
    ["listGear", 429],
    ["listGear", 200],
    ["getAthlete", 500],
    ["getAthlete", 200],
  ]);
});

test("the fake accepts its further keys for the same athlete, and still refuses others", async () => {
  const fake = await startFake({ moreApiKeys: ["second-key-0001", "second-key-0002"] });
  const athlete = await clientFor(fake, { apiKey: "second-key-0002" }).athlete.get();
  expect(athlete.id).toBe(fake.athleteId);
  await expect(clientFor(fake, { apiKey: "second-key-9999" }).athlete.get()).rejects.toThrow(/API key/);
});
