import {
  addDays,
  type FitnessDay,
  FORM_CONVENTION,
  fitnessProjection,
  fitnessTrend,
  formZone,
  plannedLoads,
} from "@mcp-connectors/intervals-icu";
import { defineTool, InvalidInputError } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import type { Session } from "../connection.js";
import { notes, notesShape, num, round, skippedNote } from "../format.js";
import { settingsIfReadable } from "../preferences.js";
import { athleteId, dateRange, localDate } from "../schemas.js";
import { resolveWindow } from "../window.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

const PROJECTION_DAYS_MAX = 366;

const fitnessDayShape = z.object({
  date: z.string(),
  ctl: z.number(),
  atl: z.number(),
  form: z.number(),
  form_pct: z.number(),
});

const projectionAssumption =
  "Projected from today's CTL/ATL with the 42/7-day model Intervals.icu uses, adding each later day's planned load (workouts and races on the calendar, as planned); a day with nothing planned counts as rest.";

/** Fitness and fatigue of the athlete's today (the latest day of the last week that has them). */
async function todaysFitness(session: Session, today: string, known: readonly FitnessDay[]) {
  const last = known.at(-1);
  if (last?.date === today) return { day: last, days: [] };
  const days = await session.client.wellness.fitness(
    { oldest: addDays(today, -7), newest: today },
    { signal: session.signal },
  );
  return { day: days.at(-1), days };
}

/** The athlete's today, once `until` is checked to be a date ahead that a projection can reach. */
async function todayBefore(session: Session, until: string) {
  const today = await session.today();
  if (until <= today || until > addDays(today, PROJECTION_DAYS_MAX)) {
    throw new InvalidInputError(
      "project_to",
      `give a date after today (${today}) and at most ${PROJECTION_DAYS_MAX} days ahead.`,
    );
  }
  return today;
}

export const getFitness: IntervalsTool = (connection) =>
  defineTool({
    name: "get_fitness",
    title: "Fitness, fatigue and form",
    description:
      "Daily fitness (CTL), fatigue (ATL), form (same-day CTL−ATL after that day's load; negative = tired) in points and % of CTL, ramp rate, load, trend; project_to projects them over planned workouts.",
    input: z.object({
      ...dateRange("42 days ago", "today"),
      project_to: localDate
        .optional()
        .describe("project CTL/ATL/form day by day to this date from planned loads"),
      athlete_id: athleteId,
    }),
    output: z.object({
      start_date: z.string(),
      end_date: z.string(),
      form_convention: z.string(),
      trend: z.string().optional(),
      form_zone: z.string().optional(),
      form_zone_basis: z.enum(["percent", "points"]).describe("athlete's form-as-% setting"),
      days: z
        .array(fitnessDayShape.extend({ ramp_rate: num, load: num }))
        .describe("ctl, atl, form, ramp_rate, load: points; form_pct: % of ctl"),
      projection: z
        .object({
          from: z.string(),
          assumption: z.string(),
          days: z.array(fitnessDayShape.extend({ planned_load: num, form_zone: z.string() })),
        })
        .optional(),
      notes: notesShape,
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const window = await resolveWindow(input, { before: 42, after: 0 }, session.today);
      const [days, settings] = await Promise.all([
        session.client.wellness.fitness(window, { signal: session.signal }),
        settingsIfReadable(session),
      ]);
      const asPercent = settings?.formAsPercent !== false;
      const trend = fitnessTrend(days, { asPercent });
      const result = {
        start_date: window.oldest,
        end_date: window.newest,
        form_convention: FORM_CONVENTION,
        trend: trend?.summary,
        form_zone: trend?.zone,
        form_zone_basis: asPercent ? ("percent" as const) : ("points" as const),
        days: days.map((day) => ({
          date: day.date,
          ctl: round(day.ctl) ?? 0,
          atl: round(day.atl) ?? 0,
          form: round(day.form) ?? 0,
          form_pct: round(day.formPercent, 0) ?? 0,
          ramp_rate: round(day.rampRate),
          load: round(day.load, 0),
        })),
      };
      if (!input.project_to) return { ...result, notes: notes(skippedNote(days)) };

      const today = await todayBefore(session, input.project_to);
      const [start, events] = await Promise.all([
        todaysFitness(session, today, days),
        session.client.events.list(
          { oldest: addDays(today, 1), newest: input.project_to },
          { signal: session.signal },
        ),
      ]);
      if (!start.day) {
        throw new InvalidInputError(
          "project_to",
          "Intervals.icu has no fitness (CTL/ATL) for the last 7 days to project from; record some training first.",
        );
      }
      const planned = plannedLoads(events);
      const projected = fitnessProjection(start.day, planned.loads, input.project_to);
      return {
        ...result,
        projection: {
          from: start.day.date,
          assumption: projectionAssumption,
          days: projected.map((day) => ({
            date: day.date,
            planned_load: round(day.load, 0),
            ctl: round(day.ctl) ?? 0,
            atl: round(day.atl) ?? 0,
            form: round(day.form) ?? 0,
            form_pct: round(day.formPercent, 0) ?? 0,
            form_zone: formZone(day.ctl, day.atl, { asPercent }),
          })),
        },
        notes: notes(
          skippedNote(days, start.days, events),
          planned.workoutsWithoutLoad > 0
            ? `${planned.workoutsWithoutLoad} planned workouts have no planned load and count as rest in the projection.`
            : undefined,
        ),
      };
    },
  });
