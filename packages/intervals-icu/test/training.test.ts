import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addDays,
  curveAt,
  datesBetween,
  downsampleStreams,
  fitnessTrend,
  form,
  formatDuration,
  formatPace,
  formZone,
  isLocalDate,
  localDate,
  nextLoadAverage,
  secondsPer100m,
  secondsPerKm,
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
      { date: "2025-06-01", ctl: 48, atl: 50, form: -2, rampRate: 1, load: 60 },
      { date: "2025-06-08", ctl: 52, atl: 66, form: -14, rampRate: 4, load: 90 },
    ]);
    expect(trend).toMatchObject({ ctlChange: 4, weeklyRamp: 28, zone: "optimal", averageDailyLoad: 75 });
    expect(trend?.summary).toMatch(/^Fitness rose from 48.0 to 52.0 \(\+4.0\)/);
    expect(fitnessTrend([])).toBeUndefined();
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
