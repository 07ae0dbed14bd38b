import { addDays, datesBetween } from "./dates.js";

/** Days over which fitness (CTL) averages training load, as Intervals.icu uses by default. */
export const CTL_DAYS = 42;
/** Days over which fatigue (ATL) averages training load, as Intervals.icu uses by default. */
export const ATL_DAYS = 7;

/** Fitness and fatigue on one day, in training-load points per day. */
export interface FitnessState {
  ctl: number;
  atl: number;
}

/**
 * One day of the exponentially weighted average Intervals.icu uses: `x + (load − x)(1 − e^(−1/days))`.
 * The live API's `ctl`/`atl` reproduce exactly from the previous day and the day's `ctlLoad`/`atlLoad`.
 */
export function nextLoadAverage(previous: number, load: number, days: number): number {
  return previous + (load - previous) * (1 - Math.exp(-1 / days));
}

/**
 * Rolls fitness and fatigue forward one day per load, e.g. to forecast a planned week.
 *
 * @example projectFitness({ ctl: 50, atl: 60 }, [80, 0, 120]) // three states, one per day
 */
export function projectFitness(
  start: FitnessState,
  dailyLoads: readonly number[],
  days: { ctlDays?: number; atlDays?: number } = {},
): FitnessState[] {
  const states: FitnessState[] = [];
  let state = start;
  for (const load of dailyLoads) {
    state = {
      ctl: nextLoadAverage(state.ctl, load, days.ctlDays ?? CTL_DAYS),
      atl: nextLoadAverage(state.atl, load, days.atlDays ?? ATL_DAYS),
    };
    states.push(state);
  }
  return states;
}

/**
 * Form: fitness minus fatigue, positive when fresh. Intervals.icu's convention, used throughout this
 * library: the same day's CTL − ATL, both after that day's load (TrainingPeaks' TSB subtracts the previous
 * day's values instead, so it does not yet count today's session).
 */
export const FORM_CONVENTION =
  "form = the same day's CTL − ATL, both after that day's load (TrainingPeaks' TSB uses the previous day's)";

/** Form (training stress balance): fitness minus fatigue of the same day. Positive means fresh. */
export function form(ctl: number, atl: number): number {
  return ctl - atl;
}

/** Form as a percentage of fitness, the way Intervals.icu can display it; 0 when fitness is 0. */
export function formPercent(ctl: number, atl: number): number {
  return ctl === 0 ? 0 : (form(ctl, atl) / ctl) * 100;
}

/** The bands of Intervals.icu's form chart. */
export type FormZone = "transition" | "fresh" | "grey" | "optimal" | "high_risk";

/** Lower bounds of the form-chart bands, from transition down to optimal; below the last is high risk. */
const bandBounds = {
  percent: [20, 5, -10, -30],
  points: [25, 5, -10, -30],
} as const;
const bands: FormZone[] = ["transition", "fresh", "grey", "optimal", "high_risk"];

/**
 * The form-chart band for a day. As a percentage of fitness (the default, or when the athlete shows form as
 * %): above 20 % transition (losing fitness), 5 to 20 % fresh, −10 to 5 % grey zone, −30 to −10 % optimal
 * training, below −30 % high risk. In points (`{ asPercent: false }`): above 25 transition, 5 to 25 fresh,
 * −10 to 5 grey, −30 to −10 optimal, below −30 high risk.
 */
export function formZone(ctl: number, atl: number, options: { asPercent?: boolean } = {}): FormZone {
  const asPercent = options.asPercent ?? true;
  const value = asPercent ? formPercent(ctl, atl) : form(ctl, atl);
  const [transition, fresh, grey, optimal] = bandBounds[asPercent ? "percent" : "points"];
  const index = value > transition ? 0 : value > fresh ? 1 : value >= grey ? 2 : value >= optimal ? 3 : 4;
  return bands[index] ?? "high_risk";
}

/** One day of the fitness chart. */
export interface FitnessDay {
  /** Athlete-local date, `YYYY-MM-DD`. */
  date: string;
  /** Fitness (chronic training load), points. */
  ctl: number;
  /** Fatigue (acute training load), points. */
  atl: number;
  /** Form, the same day's CTL − ATL (after that day's load), points. */
  form: number;
  /** Form as a percentage of the day's CTL. */
  formPercent: number;
  /** Change of CTL over the last 7 days, points. */
  rampRate: number | null;
  /** Training load of the day, points. */
  load: number | null;
}

/** Wellness-shaped records, the way the API and the fake return them. */
export interface FitnessRecord {
  id: string;
  ctl?: number | null | undefined;
  atl?: number | null | undefined;
  rampRate?: number | null | undefined;
  ctlLoad?: number | null | undefined;
}

/** Fitness days from wellness records, skipping days without CTL/ATL, oldest first. */
export function fitnessDays(records: readonly FitnessRecord[]): FitnessDay[] {
  const days: FitnessDay[] = [];
  for (const record of records) {
    if (record.ctl == null || record.atl == null) continue;
    days.push({
      date: record.id,
      ctl: record.ctl,
      atl: record.atl,
      form: form(record.ctl, record.atl),
      formPercent: formPercent(record.ctl, record.atl),
      rampRate: record.rampRate ?? null,
      load: record.ctlLoad ?? null,
    });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** The short story of a fitness window. */
export interface FitnessTrend {
  from: string;
  to: string;
  ctlStart: number;
  ctlEnd: number;
  /** CTL change over the window, points. */
  ctlChange: number;
  atlEnd: number;
  formEnd: number;
  zone: FormZone;
  /** Average CTL change per 7 days over the window, points. */
  weeklyRamp: number;
  /** Mean daily training load over the window, points. */
  averageDailyLoad: number | null;
  /** One plain sentence, e.g. "Fitness rose from 48.2 to 55.0 (+6.8) …". */
  summary: string;
}

/**
 * Summarises a fitness window; undefined when it holds no days. `asPercent` chooses the zone's basis as
 * the athlete's "form as %" setting does (default: %).
 */
export function fitnessTrend(
  days: readonly FitnessDay[],
  options: { asPercent?: boolean } = {},
): FitnessTrend | undefined {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return undefined;
  const ctlChange = last.ctl - first.ctl;
  const spanDays = Math.max(1, days.length - 1);
  const loads = days.map((day) => day.load).filter((load) => load !== null);
  const zone = formZone(last.ctl, last.atl, options);
  const direction = Math.abs(ctlChange) < 0.5 ? "held steady" : ctlChange > 0 ? "rose" : "fell";
  const summary =
    `Fitness ${direction} from ${round1(first.ctl)} to ${round1(last.ctl)} (${signed(ctlChange)}) ` +
    `between ${first.date} and ${last.date}; fatigue is ${round1(last.atl)} and form ${signed(form(last.ctl, last.atl))} (${zone.replace("_", " ")}).`;
  return {
    from: first.date,
    to: last.date,
    ctlStart: first.ctl,
    ctlEnd: last.ctl,
    ctlChange,
    atlEnd: last.atl,
    formEnd: form(last.ctl, last.atl),
    zone,
    weeklyRamp: (ctlChange / spanDays) * 7,
    averageDailyLoad: loads.length === 0 ? null : loads.reduce((sum, load) => sum + load, 0) / loads.length,
    summary,
  };
}

function round1(value: number): string {
  return value.toFixed(1);
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(1)}`;
}

/** One projected day: fitness, fatigue and form after the day's planned load. */
export interface ProjectedDay {
  /** Athlete-local date, `YYYY-MM-DD`. */
  date: string;
  /** Planned training load of the day, points (0 when nothing is planned). */
  load: number;
  ctl: number;
  atl: number;
  /** The same day's CTL − ATL, points. */
  form: number;
  /** Form as a percentage of CTL. */
  formPercent: number;
}

/**
 * Projects fitness, fatigue and form day by day after `start` to `until`, feeding each day's planned load
 * (points, by athlete-local date) into the 42/7-day model; a day without a planned load counts as rest (0).
 *
 * @example fitnessProjection({ date: "2025-06-15", ctl: 50, atl: 60 }, new Map([["2025-06-16", 80]]), "2025-06-20")
 */
export function fitnessProjection(
  start: { date: string; ctl: number; atl: number },
  plannedLoads: ReadonlyMap<string, number>,
  until: string,
): ProjectedDay[] {
  const dates = datesBetween(addDays(start.date, 1), until);
  const loads = dates.map((date) => plannedLoads.get(date) ?? 0);
  return projectFitness(start, loads).map((state, index) => ({
    date: dates[index] as string,
    load: loads[index] as number,
    ctl: state.ctl,
    atl: state.atl,
    form: form(state.ctl, state.atl),
    formPercent: formPercent(state.ctl, state.atl),
  }));
}

/** A calendar event as far as planned load goes. */
export interface PlannedEvent {
  start_date_local: string;
  category: string;
  icu_training_load?: number | null | undefined;
}

/**
 * Planned training load per athlete-local day, summed over the events that carry one (workouts and races),
 * and how many planned workouts carry none (they count as rest in a projection).
 */
export function plannedLoads(events: readonly PlannedEvent[]): {
  loads: Map<string, number>;
  workoutsWithoutLoad: number;
} {
  const loads = new Map<string, number>();
  let workoutsWithoutLoad = 0;
  for (const event of events) {
    const date = event.start_date_local.slice(0, 10);
    const load = event.icu_training_load;
    if (typeof load === "number" && Number.isFinite(load)) loads.set(date, (loads.get(date) ?? 0) + load);
    else if (event.category === "WORKOUT") workoutsWithoutLoad += 1;
  }
  return { loads, workoutsWithoutLoad };
}
