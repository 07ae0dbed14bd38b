// Fuzzing of every tool through a real client (the test kit's shared suite), with this app's plausible
// values and what a valid request to Intervals.icu is.
import { addDays, isLocalDate } from "@mcp-connectors/intervals-icu";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { fuzzSuite } from "@mcp-connectors/test-kit/fuzz";
import fc from "fast-check";
import * as vitest from "vitest";
import { BIN, envFor } from "./helpers.js";

const { expect } = vitest;

/**
 * What "no invalid request reached Intervals.icu" means against the fake: every request matched one of its
 * routes (no path built from unchecked input), was authenticated, and was not refused as malformed — the
 * fake answers 400, 405 and 422 only for bad dates, categories, stream types or bodies, all of which the
 * server's schemas must stop first. Date windows it sends are real dates, oldest first. 404 (an id that
 * does not exist) and 403 (an athlete who does not share) are the upstream's to know.
 */
function checkUpstream(fake: FakeIntervals, from: number) {
  const sent = fake.requests.slice(from);
  expect(sent.length).toBeGreaterThan(20);
  for (const request of sent) {
    const context = `${request.method} ${request.path} ${JSON.stringify(request.query)} → ${request.status}`;
    expect(request.route, context).toBeDefined();
    expect(request.auth, context).toBe("basic");
    expect([200, 403, 404], context).toContain(request.status);
    const { oldest, newest } = request.query;
    for (const date of [oldest, newest])
      if (date !== undefined) expect(isLocalDate(date), context).toBe(true);
    if (oldest !== undefined && newest !== undefined) expect(oldest <= newest, context).toBe(true);
  }
}

// The client sends at most 10 requests a second (the API's stated rate), so plausible calls take time.
fuzzSuite(vitest, fc, {
  bin: BIN,
  args: ["--enable-destructive"],
  async startFake() {
    const fake = await startFakeIntervals({ seed: 21 });
    return Object.assign(fake, { env: () => envFor(fake), requestCount: () => fake.requests.length });
  },
  checkUpstream,
  // Upstream answers a valid request may still get: the id does not exist, or the athlete does not share.
  exempt: [/^Intervals\.icu has no such item/, /^Intervals\.icu denied access/],
  extraFieldNames: ["values"],
  minRuleLength: 40,
  hostile: { runs: 20, seed: 8, timeoutMs: 10_000 },
  plausible: {
    title:
      "plausible arguments (real and made-up ids, dates from 1900 to 2200, start after end) reach the API safely",
    runs: 10,
    seed: 9,
    timeoutMs: 10_000,
    values(fake) {
      const today = fake.store.today;
      const activityIds = fake.store.activities.map((activity) => activity.id);
      const eventIds = [...fake.store.events.keys()];
      // Mostly dates near today, so that most windows fit the 1,096-day cap and reach the handlers; far dates
      // still come up often enough to exercise the refusals.
      const date = fc.oneof(
        { arbitrary: fc.integer({ min: -400, max: 400 }).map((days) => addDays(today, days)), weight: 3 },
        {
          arbitrary: fc
            .date({ min: new Date("1900-01-01"), max: new Date("2200-12-31"), noInvalidDate: true })
            .map((day) => day.toISOString().slice(0, 10)),
          weight: 1,
        },
      );
      return {
        date,
        start_date: date,
        end_date: date,
        activity_id: fc.oneof(
          fc.constantFrom(...activityIds),
          fc.nat().map((n) => `i${n}`),
        ),
        event_id: fc.oneof(fc.constantFrom(...eventIds), fc.integer({ min: 1, max: 2 ** 31 })),
        athlete_id: fc.constantFrom(fake.athleteId, "0", fake.athleteId.slice(1), "i1"),
        sport: fc.constantFrom("Ride", "Run", "Swim", "VirtualRide", "Rowing", "Yoga"),
        name: fc.string({ minLength: 1, maxLength: 60 }),
        description: fc.constantFrom("- 10m 60%\n3x\n- 8m 95%\n- 4m 55%", "'; DROP TABLE events; --", "🚴 x"),
      };
    },
  },
});
