import { describe, expect, test } from "vitest";
import { describeWorkout, plannedZoneTimes } from "../src/index.js";
import { fixture } from "./helpers.js";

type Json = Record<string, unknown>;

// Expected lines written by hand from each workout's own text (its `description` or its steps as planned).
describe("a planned workout's steps, readable", () => {
  test("the captured sweet-spot 3×12: watts, repeats, the steps' own words, time in zones", () => {
    const event = fixture<Json>("event-workout.json");
    expect(describeWorkout(event.workout_doc)).toEqual([
      "12:00 160–205 W · Warm-up",
      "3×",
      "  12:00 255–275 W · SST — hold cadence 85 plus",
      "  4:00 160 W · Recovery",
      "10:00 145 W · Cooldown",
    ]);
    // Sweet spot (SS) overlaps Z3–Z4 and is counted on its own, as the API sends it.
    expect(plannedZoneTimes(event.workout_doc)).toEqual({ Z1: 600, Z2: 1440, Z4: 2160, SS: 2160 });
  });

  test("captured %FTP ramps, a zone step ended by a lap press, power with cadence", () => {
    const [vo2, mixed, steady] = fixture<Json[]>("workout-events.json");
    const vo2Lines = describeWorkout(vo2?.workout_doc);
    expect(vo2Lines[0]).toBe("10:00 ramp 54→80% FTP · warm-up");
    expect(vo2Lines.slice(5, 9)).toEqual(["3×", "  0:30 127% FTP", "  2:30 120% FTP", "  5:00 60% FTP"]);
    expect(vo2Lines.at(-1)).toBe("10:00 ramp 60→47% FTP · cool-down");
    // "- Sprint 0m10s 225-275% power=1s" and "- Cooldown 10m Z1 power=1s Press lap"
    const mixedLines = describeWorkout(mixed?.workout_doc);
    expect(mixedLines).toHaveLength(12);
    expect(mixedLines[9]).toBe("0:10 225–275% FTP · Sprint");
    expect(mixedLines[11]).toBe("10:00 Z1 power until lap press · Cooldown");
    // "- Z2 Steady 1h45m 197w-256w 85-95rpm"
    expect(describeWorkout(steady?.workout_doc)).toEqual(["1:45:00 197–256 W 85–95 rpm"]);
  });

  test("no parsed workout, odd shapes and long workouts", () => {
    expect(describeWorkout(undefined)).toEqual([]);
    expect(describeWorkout({ steps: "not a list" })).toEqual([]);
    expect(
      describeWorkout({ steps: [null, { distance: 400, pace: { units: "%pace", value: 105 } }] }),
    ).toEqual(["400 m 105% threshold pace"]);
    const long = {
      steps: Array.from({ length: 100 }, () => ({ duration: 60, hr: { units: "hr_zone", value: 2 } })),
    };
    expect(describeWorkout(long, 10)).toEqual(Array.from({ length: 10 }, () => "1:00 Z2 HR"));
  });
});
