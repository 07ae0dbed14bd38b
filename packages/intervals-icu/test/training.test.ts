import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addDays,
  cadenceForSport,
  curveAt,
  datesBetween,
  dateWindow,
  downsampleStreams,
  fitnessProjection,
  fitnessTrend,
  form,
  formatDuration,
  formatPace,
  formZone,
  isLocalDate,
  localDate,
  nextLoadAverage,
  paceAt,
  paceUnitForSport,
  paceUnitFromSettings,
  preferredPaceUnit,
  secondsPer100m,
  secondsPerKm,
  speedForSport,
  speedFromSecondsPerKm,
  stepsPerMinute,
} from "../src/index.js";

describe("fitness", () => {
  test("one day of the 42/7 model and form", () => {
    expect(nextLoadAverage(50, 100, 42)).toBeCloseTo(50 + 50 * (1 - Math.exp(-1 / 42)), 10);
    expect(form(60, 75)).toBe(-15);
    expect(formZone(60, 75)).toBe("optimal");
    expect(formZone(60, 50)).toBe("fresh");
    expect(formZone(60, 95)).toBe("high_risk");
    expect(formZone(60, 62)).toBe("grey");
    expect(formZone(60, 40)).toBe("transition");
  });

  test("the trend summary states the change in words", () => {
    const trend = fitnessTrend([
      { date: "2025-06-01", ctl: 48, atl: 50, form: -2, formPercent: -4.2, rampRate: 1, load: 60 },
      { date: "2025-06-08", ctl: 52, atl: 66, form: -14, formPercent: -26.9, rampRate: 4, load: 90 },
    ]);
    expect(trend).toMatchObject({ ctlChange: 4, weeklyRamp: 28, zone: "optimal", averageDailyLoad: 75 });
    expect(trend?.summary).toMatch(/^Fitness rose from 48.0 to 52.0 \(\+4.0\)/);
    expect(fitnessTrend([])).toBeUndefined();
  });

  test("form zones in % of CTL by default, in points when the athlete does not show form as %", () => {
    // CTL 200, ATL 170: form +30 points, +15 % of CTL.
    expect(formZone(200, 170)).toBe("fresh");
    expect(formZone(200, 170, { asPercent: true })).toBe("fresh");
    expect(formZone(200, 170, { asPercent: false })).toBe("transition");
    // CTL 40, ATL 46: −6 points (grey), −15 % (optimal).
    expect(formZone(40, 46, { asPercent: false })).toBe("grey");
    expect(formZone(40, 46)).toBe("optimal");
  });

  test("a planned week projects like a hand-computed 42/7-day EWMA", () => {
    // Worked out independently: x += (load − x)(1 − e^(−1/N)), N = 42 for CTL, 7 for ATL, from CTL 50 / ATL 60.
    const planned = new Map([
      ["2025-06-16", 100],
      ["2025-06-18", 80],
      ["2025-06-20", 120],
      ["2025-06-21", 60],
    ]);
    const days = fitnessProjection({ date: "2025-06-15", ctl: 50, atl: 60 }, planned, "2025-06-22");
    const expected = [
      ["2025-06-16", 100, 51.1764, 65.3249],
      ["2025-06-17", 0, 49.9723, 56.6287],
      ["2025-06-18", 80, 50.6788, 59.7399],
      ["2025-06-19", 0, 49.4864, 51.7872],
      ["2025-06-20", 120, 51.1455, 60.8679],
      ["2025-06-21", 60, 51.3538, 60.7523],
      ["2025-06-22", 0, 50.1456, 52.6648],
    ] as const;
    expect(days.map((day) => [day.date, day.load])).toEqual(expected.map(([date, load]) => [date, load]));
    days.forEach((day, index) => {
      const [, , ctl, atl] = expected[index] ?? [];
      expect(day.ctl).toBeCloseTo(Number(ctl), 3);
      expect(day.atl).toBeCloseTo(Number(atl), 3);
      expect(day.form).toBeCloseTo(Number(ctl) - Number(atl), 3);
      expect(day.formPercent).toBeCloseTo(((Number(ctl) - Number(atl)) / Number(ctl)) * 100, 2);
    });
    expect(fitnessProjection({ date: "2025-06-15", ctl: 50, atl: 60 }, planned, "2025-06-15")).toEqual([]);
  });
});

describe("streams", () => {
  const stream = (type: string, data: number[]) => ({ type, data });

  test("downsampling keeps the first, last and highest samples, aligned across streams", () => {
    const length = 3600;
    const watts = Array.from(
      { length },
      (_, index) => 200 + (index === 1234 ? 900 : Math.sin(index / 50) * 40),
    );
    const heartrate = Array.from({ length }, (_, index) => 120 + (index === 2500 ? 60 : index / 100));
    const time = Array.from({ length }, (_, index) => index);
    const [t, w, h] = downsampleStreams(
      [stream("time", time), stream("watts", watts), stream("heartrate", heartrate)],
      120,
    );
    expect(t?.data.length).toBeLessThanOrEqual(120);
    expect(t?.data[0]).toBe(0);
    expect(t?.data.at(-1)).toBe(length - 1);
    expect(Math.max(...(w!.data as number[]))).toBe(1100);
    expect(t?.data).toContain(1234);
    expect(Math.max(...(h!.data as number[]))).toBe(heartrate[2500]);
    expect(w?.data[t?.data.indexOf(1234) ?? -1]).toBe(1100);
  });

  test("property: never more than maxPoints, every stream's peak survives", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 800 }),
        fc.integer({ min: 8, max: 200 }),
        (values, maxPoints) => {
          const [out] = downsampleStreams([stream("watts", values)], maxPoints);
          expect(out!.data.length).toBeLessThanOrEqual(maxPoints);
          expect(Math.max(...(out!.data as number[]))).toBe(Math.max(...values));
        },
      ),
    );
  });

  test("latlng keeps longitude in data2 at the same indices", () => {
    const lat = Array.from({ length: 500 }, (_, index) => index);
    const lng = lat.map((value) => -value);
    const [out] = downsampleStreams([{ type: "latlng", data: lat, data2: lng }], 50);
    expect(out?.data2).toEqual(out?.data.map((value) => (value === null ? null : -value)));
  });
});

describe("units and dates", () => {
  test("pace conversions", () => {
    expect(secondsPerKm(1000 / 275)).toBeCloseTo(275, 6);
    expect(formatPace(1000 / 275)).toBe("4:35 /km");
    expect(formatPace(0)).toBe("-");
    expect(formatPace(1.25, "100m")).toBe("1:20 /100m");
    expect(secondsPer100m(0)).toBeNull();
    expect(speedFromSecondsPerKm(300)).toBeCloseTo(3.333, 3);
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(stepsPerMinute(84)).toBe(168);
  });

  test("athlete-local dates", () => {
    expect(localDate(new Date("2024-05-01T23:30:00Z"), "Europe/Amsterdam")).toBe("2024-05-02");
    expect(localDate(new Date("2024-05-01T23:30:00Z"), "America/Los_Angeles")).toBe("2024-05-01");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(datesBetween("2024-12-30", "2025-01-02")).toHaveLength(4);
    expect(isLocalDate("2023-02-29")).toBe(false);
  });

  test("reading a curve at standard durations never overstates", () => {
    const points = curveAt(
      [1, 5, 60, 300, 1200],
      [900, 800, 450, 320, 280],
      [5, 120, 1200, 3600],
      ["a", "b", "c", "d", "e"],
    );
    expect(points).toEqual([
      { at: 5, value: 800, activityId: "b" },
      { at: 120, value: 320, activityId: "d" },
      { at: 1200, value: 280, activityId: "e" },
      { at: 3600, value: null, activityId: null },
    ]);
  });
});

describe("dateWindow", () => {
  const defaults = { today: "2025-06-15", daysBefore: 30, daysAfter: 0 };
  test.each([
    ["neither end: the default span", {}, "2025-05-16", "2025-06-15"],
    ["both ends as given", { oldest: "2025-01-01", newest: "2025-01-31" }, "2025-01-01", "2025-01-31"],
    ["a past start runs to today", { oldest: "2025-01-01" }, "2025-01-01", "2025-06-15"],
    ["a future start keeps the span after it", { oldest: "2025-07-01" }, "2025-07-01", "2025-07-31"],
    ["a past end keeps the span before it", { newest: "2025-03-31" }, "2025-03-01", "2025-03-31"],
    ["a future end starts at the default start", { newest: "2025-07-01" }, "2025-05-16", "2025-07-01"],
  ] as const)("%s", (_, given, oldest, newest) => {
    expect(dateWindow(given, defaults)).toEqual({ oldest, newest });
  });

  test("a window ahead of today, as a calendar reads it", () => {
    const ahead = { today: "2025-06-15", daysBefore: 0, daysAfter: 14 };
    expect(dateWindow({}, ahead)).toEqual({ oldest: "2025-06-15", newest: "2025-06-29" });
    expect(dateWindow({ oldest: "2025-06-01" }, ahead)).toEqual({
      oldest: "2025-06-01",
      newest: "2025-06-29",
    });
  });

  test("an end before the start is a RangeError naming newest; bad dates are TypeErrors", () => {
    expect(() => dateWindow({ oldest: "2025-02-01", newest: "2025-01-01" }, defaults)).toThrow(
      new RangeError("newest 2025-01-01 is before oldest 2025-02-01; give a later newest."),
    );
    expect(() => dateWindow({ oldest: "2025-02-30" }, defaults)).toThrow(TypeError);
    expect(() => dateWindow({ newest: "2025-01-01" }, { daysBefore: 7, daysAfter: 0 })).toThrow(
      /defaults.today/,
    );
    expect(
      dateWindow({ oldest: "2025-01-01", newest: "2025-01-02" }, { daysBefore: 7, daysAfter: 0 }),
    ).toEqual({
      oldest: "2025-01-01",
      newest: "2025-01-02",
    });
  });

  test("the window always holds, whatever ends are given", () => {
    const date = fc.integer({ min: 0, max: 2000 }).map((days) => addDays("2022-01-01", days));
    fc.assert(
      fc.property(
        fc.option(date, { nil: undefined }),
        fc.option(date, { nil: undefined }),
        date,
        fc.nat(400),
        fc.nat(400),
        (oldest, newest, today, daysBefore, daysAfter) => {
          fc.pre(oldest === undefined || newest === undefined || oldest <= newest);
          const window = dateWindow({ oldest, newest }, { today, daysBefore, daysAfter });
          expect(window.oldest <= window.newest).toBe(true);
          if (oldest !== undefined) expect(window.oldest).toBe(oldest);
          if (newest !== undefined) expect(window.newest).toBe(newest);
        },
      ),
    );
  });
});

describe("speed as an athlete reads it", () => {
  test.each([
    ["Run", 1000 / 275, { pace: "4:35 /km" }],
    ["TrailRun", 1000 / 360, { pace: "6:00 /km" }],
    ["VirtualRun", 1000 / 275, { pace: "4:35 /km" }],
    ["Walk", 1.25, { pace: "13:20 /km" }],
    ["Hike", 1.25, { pace: "13:20 /km" }],
    ["Swim", 100 / 105, { pace: "1:45 /100m" }],
    ["OpenWaterSwim", 100 / 105, { pace: "1:45 /100m" }],
    ["Ride", 8.5, { speedKmh: 30.6 }],
    ["Rowing", 4, { pace: "2:05 /500m" }],
    [null, 8.5, { speedKmh: 30.6 }],
    ["Run", 0, null],
    ["Ride", null, null],
  ] as const)("%s at %d m/s", (sport, metresPerSecond, expected) => {
    expect(speedForSport(sport, metresPerSecond)).toEqual(expected);
  });

  test("pace units by sport and from sport settings", () => {
    expect([paceUnitForSport("Run"), paceUnitForSport("Swim"), paceUnitForSport("Ride")]).toEqual([
      "km",
      "100m",
      null,
    ]);
    expect(
      ["MINS_KM", "MINS_MILE", "SECS_100M", "SECS_100Y", "SECS_500M", "SECS_400M", null].map(
        paceUnitFromSettings,
      ),
    ).toEqual(["km", "mile", "100m", "100y", "500m", null, null]);
    expect(formatPace(1000 / 270, paceUnitFromSettings("MINS_MILE") ?? "km")).toBe("7:15 /mile");
  });
});

// Expected paces worked out by hand: seconds = unit distance (m) ÷ speed (m/s), written m:ss.
describe("units as athletes read them", () => {
  test("a run: pace per km, or per mile for an athlete who prefers miles; cadence in steps/min", () => {
    // 8030.29 m in 2372 s (the captured run): 3.3855 m/s; 1000 / 3.3855 = 295.4 s, 1609.344 / 3.3855 = 475.4 s.
    const speed = 8030.29 / 2372;
    expect(speedForSport("Run", speed)).toEqual({ pace: "4:55 /km" });
    expect(speedForSport("Run", speed, "mile")).toEqual({ pace: "7:55 /mile" });
    expect(speedForSport("Walk", 1.25, "mile")).toEqual({ pace: "21:27 /mile" });
    // The capture's average_cadence 83.155 strides/min with a 1.2214 m stride at 3.384 m/s: 166 steps/min.
    expect(cadenceForSport("Run", 83.15543)).toEqual({ unit: "steps/min", value: 166.31086 });
    expect(Math.round((3.384 / 1.2213699) * 60)).toBe(166);
    expect(cadenceForSport("Walk", 55)).toEqual({ unit: "steps/min", value: 110 });
  });

  test("a ride: speed in km/h whatever the preference, cadence in rpm", () => {
    expect(speedForSport("Ride", 8.5, "mile")).toEqual({ speedKmh: 30.6 });
    expect(cadenceForSport("VirtualRide", 88)).toEqual({ unit: "rpm", value: 88 });
    expect(cadenceForSport("WeightTraining", 20)).toBeNull();
  });

  test("a swim: per 100 m, or per 100 yards for a yards swimmer (or an imperial one)", () => {
    // 1:16 /100y = 76 s per 91.44 m: 1.20316 m/s, which is 83.1 s = 1:23 per 100 m.
    const speed = 91.44 / 76;
    expect(speedForSport("Swim", speed, "100y")).toEqual({ pace: "1:16 /100y" });
    expect(speedForSport("Swim", speed)).toEqual({ pace: "1:23 /100m" });
    expect(speedForSport("OpenWaterSwim", speed, "100m")).toEqual({ pace: "1:23 /100m" });
    expect(paceUnitForSport("Swim", "mile")).toBe("100y");
    expect(paceUnitForSport("Swim", "km")).toBe("100m");
    expect(cadenceForSport("Swim", 28)).toEqual({ unit: "strokes/min", value: 28 });
  });

  test("rowing: per 500 m, never per km and never km/h", () => {
    // 1:50 /500m = 110 s per 500 m: 4.5454 m/s.
    expect(speedForSport("Rowing", 500 / 110)).toEqual({ pace: "1:50 /500m" });
    expect(speedForSport("VirtualRow", 500 / 110, "km")).toEqual({ pace: "1:50 /500m" });
    expect(formatPace(500 / 110, "500m")).toBe("1:50 /500m");
    expect(cadenceForSport("Rowing", 24)).toEqual({ unit: "strokes/min", value: 24 });
  });

  test("a per-mile athlete: the run's settings, or an imperial profile, choose miles", () => {
    const settings = {
      timezone: "UTC",
      paceUnits: { Run: "mile", Swim: "100y" } as const,
      measurementPreference: "meters",
      formAsPercent: undefined,
    };
    expect(preferredPaceUnit(settings, "Run")).toBe("mile");
    expect(preferredPaceUnit(settings, "Swim")).toBe("100y");
    expect(preferredPaceUnit(settings, "Ride")).toBeUndefined();
    const imperial = { ...settings, paceUnits: {}, measurementPreference: "feet" };
    expect(speedForSport("Run", 1609.344 / 480, preferredPaceUnit(imperial, "Run"))).toEqual({
      pace: "8:00 /mile",
    });
    expect(speedForSport("Swim", 91.44 / 90, preferredPaceUnit(imperial, "Swim"))).toEqual({
      pace: "1:30 /100y",
    });
  });
});

describe("paceAt", () => {
  const curve = { distance: [400, 1010, 5050], values: [80, 200, 1212], activity_id: ["a", "b", null] };

  test("computes the pace from the matched point's own distance", () => {
    const [first, second] = paceAt(curve, [1000, 5000]);
    expect(first).toEqual({
      at: 1000,
      distance: 1010,
      seconds: 200,
      secondsPerKm: (200 / 1010) * 1000,
      metresPerSecond: 1010 / 200,
      activityId: "b",
    });
    expect(formatPace(first?.metresPerSecond ?? 0)).toBe("3:18 /km");
    expect(formatPace(1000 / 200)).toBe("3:20 /km");
    expect(second).toMatchObject({ distance: 5050, seconds: 1212, secondsPerKm: 240, activityId: null });
  });

  test("beyond the curve there is no point; the default targets are the standard distances", () => {
    expect(paceAt(curve, [10_000])).toEqual([
      {
        at: 10_000,
        distance: null,
        seconds: null,
        secondsPerKm: null,
        metresPerSecond: null,
        activityId: null,
      },
    ]);
    expect(paceAt(curve).map((point) => point.at)).toEqual([400, 1000, 1609.34, 5000, 10000, 21097.5, 42195]);
  });
});
