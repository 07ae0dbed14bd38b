import { describe, expect, test } from "vitest";
import { addDays } from "../src/index.js";
import { clientFor, fakeModes, startFake, TODAY } from "./helpers.js";

describe.each(fakeModes)("writing to the calendar and wellness, from the $name fake", ({ strict }) => {
  test("a created event can be read back, changed and deleted", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const date = addDays(TODAY, 3);
    const created = await client.events.create({
      category: "WORKOUT",
      start_date_local: date,
      name: "Threshold 2x20",
      type: "Ride",
      description: "- 15m 60%\n\n2x\n- 20m 95%\n- 5m 55%\n\n- 10m 50%",
    });
    expect(created.start_date_local).toBe(`${date}T00:00:00`);
    expect(created.moving_time).toBe(75 * 60);
    expect((await client.events.get(created.id)).name).toBe("Threshold 2x20");
    const listed = await client.events.list({ oldest: date, newest: date, category: "WORKOUT" });
    expect(listed.map((event) => event.id)).toContain(created.id);

    const updated = await client.events.update(created.id, { name: "Threshold 3x15" });
    expect(updated).toMatchObject({ id: created.id, name: "Threshold 3x15", category: "WORKOUT" });

    await client.events.delete(created.id);
    expect(fake.store.events.has(created.id)).toBe(false);
    await expect(client.events.get(created.id)).rejects.toMatchObject({ kind: "not_found" });
  });

  test("upsert by external_id updates instead of duplicating", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const before = fake.store.events.size;
    const input = { category: "NOTE" as const, start_date_local: TODAY, name: "Rest", external_id: "note-1" };
    const first = await client.events.upsert(input);
    const second = await client.events.upsert({ ...input, name: "Rest day" });
    expect(second.id).toBe(first.id);
    expect(second.name).toBe("Rest day");
    expect(fake.store.events.size).toBe(before + 1);
    expect(fake.requests.at(-1)?.query).toEqual({ upsert: "true" });
  });

  test("createMany without upsert adds every event; deleteMany removes by id or external_id", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const created = await client.events.createMany([
      { category: "NOTE", start_date_local: TODAY, name: "A", external_id: "a" },
      { category: "NOTE", start_date_local: TODAY, name: "B" },
    ]);
    expect(created).toHaveLength(2);
    const deleted = await client.events.deleteMany([{ external_id: "a" }, { id: created[1]?.id ?? 0 }]);
    expect(deleted).toBe(2);
    await expect(
      client.events.createMany([{ category: "NOTE", start_date_local: TODAY }], { upsert: true }),
    ).rejects.toThrow(/external_id/);
  });

  test("the API's validation message reaches the caller", async () => {
    const fake = await startFake({ strict });
    const error = clientFor(fake).events.create({ category: "BOGUS" as "NOTE", start_date_local: TODAY });
    await expect(error).rejects.toMatchObject({
      kind: "invalid_input",
      status: 422,
      apiMessage: "Invalid category: BOGUS",
    });
  });

  test("wellness update writes only the given fields", async () => {
    const fake = await startFake({ strict });
    const client = clientFor(fake);
    const before = await client.wellness.get(TODAY);
    const after = await client.wellness.update(TODAY, { weight: 70.4, comments: "Slept badly", soreness: 3 });
    expect(after).toMatchObject({ id: TODAY, weight: 70.4, comments: "Slept badly", soreness: 3 });
    expect(after.restingHR).toBe(before.restingHR);
    expect(fake.requests.at(-1)).toMatchObject({
      method: "PUT",
      path: `/api/v1/athlete/0/wellness/${TODAY}`,
    });
    expect((await client.wellness.get(TODAY)).weight).toBe(70.4);
  });
});
