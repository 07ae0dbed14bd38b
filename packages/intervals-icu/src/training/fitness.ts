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

/** Form (training stress balance): fitness minus fatigue. Positive means fresh. */
export function form(ctl: number, atl: number): number {
  return ctl - atl;
}

/** Form as a percentage of fitness, the way Intervals.icu can display it; 0 when fitness is 0. */
export function formPercent(ctl: number, atl: number): number {
  return ctl === 0 ? 0 : (form(ctl, atl) / ctl) * 100;
}

/** The bands of Intervals.icu's form chart. */
export type FormZone = "transition" | "fresh" | "grey" | "optimal" | "high_risk";

/**
 * The form-chart band for a day, from form as a percentage of fitness: above 20 % transition (losing
 * fitness), 5 to 20 % fresh, −10 to 5 % grey zone, −30 to −10 % optimal training, below −30 % high risk.
 */
export function formZone(ctl: number, atl: number): FormZone {
  const percent = formPercent(ctl, atl);
  if (percent > 20) return "transition";
  if (percent > 5) return "fresh";
  if (percent >= -10) return "grey";
  if (percent >= -30) return "optimal";
  return "high_risk";
}

/** One day of the fitness chart. */
export interface FitnessDay {
  /** Athlete-local date, `YYYY-MM-DD`. */
  date: string;
  /** Fitness (chronic training load), points. */
  ctl: number;
  /** Fatigue (acute training load), points. */
  atl: number;
  /** Form, CTL − ATL, points. */
  form: number;
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

/** Summarises a fitness window; undefined when it holds no days. */
export function fitnessTrend(days: readonly FitnessDay[]): FitnessTrend | undefined {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return undefined;
  const ctlChange = last.ctl - first.ctl;
  const spanDays = Math.max(1, days.length - 1);
  const loads = days.map((day) => day.load).filter((load) => load !== null);
  const zone = formZone(last.ctl, last.atl);
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
