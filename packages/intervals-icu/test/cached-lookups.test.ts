import { describe, expect, test } from "vitest";
import { clientFor, startFake } from "./helpers.js";

describe("the athlete's local today", () => {
  test("is the date in the profile's time zone, not the server's", async () => {
    const fake = await startFake({ athlete: { timezone: "Australia/Sydney" } });
    const client = clientFor(fake);
    const now = new Date("2025-06-15T15:30:00Z");
    expect(await client.athlete.timeZone()).toBe("Australia/Sydney");
    expect(await client.athlete.today({ now })).toBe("2025-06-16");
    expect(await clientFor(fake, { athleteId: fake.athleteId }).athlete.today({ now })).toBe("2025-06-16");
  });

  test("fetches the profile once per client and athlete, shared with forAthlete siblings", async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const profileReads = () =>
      fake.requests.filter((request) => /\/athlete\/[^/]+$/.test(request.path)).length;
    await Promise.all([client.athlete.today(), client.athlete.today(), client.athlete.timeZone()]);
    await client.athlete.today();
    expect(profileReads()).toBe(1);
    const coach = client.forAthlete(fake.athleteId);
    await coach.athlete.today();
    await client.forAthlete(fake.athleteId).athlete.today();
    expect(profileReads()).toBe(2);
    await clientFor(fake).athlete.today();
    expect(profileReads()).toBe(3);
  });

  test("a failed fetch is not kept, so the next call tries again", async () => {
    const fake = await startFake({ faults: [{ route: "*", type: "status", status: 500, times: 3 }] });
    const client = clientFor(fake);
    await expect(client.athlete.today()).rejects.toMatchObject({ kind: "upstream_unavailable" });
    expect(await client.athlete.timeZone()).toBe("Europe/Amsterdam");
  });
});

describe("gear names", () => {
  test("nameOf reads the gear list once, and again only for gear it has not seen", async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const gearReads = () => fake.requests.filter((request) => request.path.endsWith("/gear.json")).length;
    const [first, second] = fake.store.gear;
    expect(await client.gear.nameOf(String(first?.id))).toBe(first?.name);
    expect(await client.forAthlete(fake.athleteId).gear.nameOf(String(second?.id))).toBe(second?.name);
    expect(await client.gear.nameOf(String(second?.id))).toBe(second?.name);
    expect(gearReads()).toBe(2);
    expect(await client.gear.nameOf("b999999")).toBeNull();
    expect(gearReads()).toBe(3);
  });
});
