import { addDays } from "../../training/dates.js";
import type { FakeStore } from "../store.js";
import { round } from "./activities.js";

type Json = Record<string, unknown>;

const powerSecs = [
  1, 2, 5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800,
];
const hrSecs = [5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const runDistances = [100, 200, 400, 800, 1000, 1500, 1609.34, 3000, 5000, 10000, 15000, 21097.5];
const swimDistances = [50, 100, 200, 400, 800, 1500];

export type CurveKind = "power" | "pace" | "hr";

/** The window a curve id covers, or undefined for an id the fake does not know. */
function windowOf(curveId: string, today: string): [string, string] | undefined {
  const days = /^(\d+)d$/.exec(curveId);
  if (days) return [addDays(today, -Number(days[1]) + 1), today];
  if (curveId === "1y") return [addDays(today, -364), today];
  if (curveId === "all") return ["1970-01-01", today];
  if (curveId === "s0") return [`${today.slice(0, 4)}-01-01`, today];
  if (curveId === "s1") {
    const year = Number(today.slice(0, 4)) - 1;
    return [`${year}-01-01`, `${year}-12-31`];
  }
  const range = /^r\.(\d{4}-\d{2}-\d{2})\.(\d{4}-\d{2}-\d{2})$/.exec(curveId);
  return range ? [range[1] as string, range[2] as string] : undefined;
}

const sportsOf = (type: string) => (type === "Ride" ? ["Ride", "VirtualRide"] : [type]);

/** One curve per id, from the athlete's profile, capped by the longest matching activity in the window. */
export function curveSet(store: FakeStore, kind: CurveKind, type: string, curveIds: readonly string[]): Json {
  const list = curveIds.map((curveId) => {
    const window = windowOf(curveId, store.today) ?? [store.today, store.today];
    const inWindow = store.activities.filter((activity) => {
      const date = String(activity.start_date_local).slice(0, 10);
      return date >= window[0] && date <= window[1] && sportsOf(type).includes(String(activity.type));
    });
    const best = inWindow.reduce<Json | undefined>(
      (longest, activity) =>
        Number(activity.moving_time) > Number(longest?.moving_time ?? 0) ? activity : longest,
      undefined,
    );
    const longestSecs = Number(best?.moving_time ?? 0);
    const longestDistance = Number(best?.distance ?? 0);
    const base = {
      id: curveId,
      label: curveId,
      start_date_local: window[0],
      end_date_local: `${window[1]}T23:59:59`,
      days: inWindow.length,
      moving_time: inWindow.reduce((sum, activity) => sum + Number(activity.moving_time ?? 0), 0),
      training_load: inWindow.reduce((sum, activity) => sum + Number(activity.icu_training_load ?? 0), 0),
      weight: store.profile.weight,
    };
    const owner = (index: number) =>
      inWindow.length === 0 ? null : String(inWindow[index % inWindow.length]?.id);
    if (kind === "pace") {
      const swim = type === "Swim";
      const criticalSpeed = swim ? 1.25 : (1000 / store.profile.thresholdPaceSecsPerKm) * 1.02;
      const reserve = swim ? 20 : 150;
      const topSpeed = swim ? 1.7 : 7;
      const distance = (swim ? swimDistances : runDistances).filter((d) => d <= longestDistance);
      return {
        ...base,
        type: "PACE",
        distance,
        values: distance.map((d) => Math.round(Math.max(d / topSpeed, (d - reserve) / criticalSpeed))),
        activity_id: distance.map((_, index) => owner(index)),
      };
    }
    if (kind === "hr") {
      const secs = hrSecs.filter((s) => s <= longestSecs);
      return {
        ...base,
        secs,
        values: secs.map((s) => Math.round(store.profile.maxHr - 2 - 7 * Math.log10(s))),
        activity_id: secs.map((_, index) => owner(index)),
      };
    }
    const secs = powerSecs.filter((s) => s <= longestSecs);
    const criticalPower = store.profile.ftp * 1.03;
    const values = secs.map((s) =>
      Math.round(Math.min(store.profile.ftp * 4, criticalPower + 18_000 / s) * (s > 3600 ? 0.92 : 1)),
    );
    return {
      ...base,
      secs,
      values,
      watts_per_kg: values.map((watts) => round(watts / store.profile.weight, 2)),
      activity_id: secs.map((_, index) => owner(index)),
    };
  });
  return { list, activities: {} };
}
