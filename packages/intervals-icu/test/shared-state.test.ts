import { expect, test } from "vitest";
import { type ClientStateStore, createSharedState, type RequestLimiter } from "../src/index.js";
import { clientFor, startFake } from "./helpers.js";

/** A store as another process would share it: what one client keeps, a client with other state reads. */
function memoryStore() {
  const values = new Map<string, { value: string; ttlSeconds: number }>();
  const store: ClientStateStore = {
    get: async (key) => values.get(key)?.value,
    set: async (key, value, ttlSeconds) => {
      values.set(key, { value, ttlSeconds });
    },
  };
  return { store, values };
}

test("athlete settings and a gear list kept in the store are not fetched again by a client with other state", async () => {
  const fake = await startFake();
  const { store, values } = memoryStore();
  const gearId = String(fake.store.gear[0]?.id);
  const first = clientFor(fake, { shared: createSharedState({ rateLimit: false, store }) });
  const zone = await first.athlete.timeZone();
  const name = await first.gear.nameOf(gearId);
  const fetched = fake.requests.length;
  expect(fetched).toBe(2);
  const stored = values.get("settings:0");
  expect(stored?.ttlSeconds).toBe(24 * 3600);
  expect(JSON.parse(stored?.value ?? "{}")).toMatchObject({ timezone: zone });
  expect(values.get("gear:0")?.ttlSeconds).toBe(3600);

  const second = clientFor(fake, { shared: createSharedState({ rateLimit: false, store }) });
  expect(await second.athlete.timeZone()).toBe(zone);
  expect(await second.athlete.settings()).toEqual(await first.athlete.settings());
  expect(await second.gear.nameOf(gearId)).toBe(name);
  expect(fake.requests.length).toBe(fetched);
});

test("a store that fails is passed by: the client asks the API", async () => {
  const fake = await startFake();
  const broken: ClientStateStore = {
    get: () => Promise.reject(new Error("store down")),
    set: () => Promise.reject(new Error("store down")),
  };
  const client = clientFor(fake, { shared: createSharedState({ rateLimit: false, store: broken }) });
  expect(await client.athlete.timeZone()).toMatch(/\//);
  expect(fake.requests.map((request) => request.route)).toEqual(["getAthlete"]);
});

test("a limiter of one's own is asked once for every request, retries included", async () => {
  const fake = await startFake();
  let asked = 0;
  const rateLimiter: RequestLimiter = {
    acquire: async () => {
      asked++;
    },
  };
  const client = clientFor(fake, { shared: createSharedState({ rateLimiter }) });
  fake.setFault({ route: "listGear", type: "status", status: 503, times: 1 });
  await client.gear.list();
  await client.athlete.get();
  expect(fake.requests).toHaveLength(3);
  expect(asked).toBe(3);
});
