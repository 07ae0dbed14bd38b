import { fitnessTrend } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { notes, notesShape, round, skippedNote } from "../format.js";
import { athleteId, dateRange } from "../schemas.js";
import { resolveWindow } from "../window.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

export const getFitness: IntervalsTool = (connection) =>
  defineTool({
    name: "get_fitness",
    title: "Fitness, fatigue and form",
    description:
      "Daily fitness (CTL), fatigue (ATL), form (CTL−ATL; negative = tired), ramp rate and load, with a one-line trend.",
    input: z.object({ ...dateRange("42 days ago", "today"), athlete_id: athleteId }),
    output: z.object({
      start_date: z.string(),
      end_date: z.string(),
      trend: z.string().optional(),
      form_zone: z.string().optional(),
      days: z.array(z.looseObject({ date: z.string() })),
      notes: notesShape,
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const window = await resolveWindow(input, { before: 42, after: 0 }, session.today);
      const days = await session.client.wellness.fitness(window, { signal: session.signal });
      const trend = fitnessTrend(days);
      return {
        start_date: window.oldest,
        end_date: window.newest,
        trend: trend?.summary,
        form_zone: trend?.zone,
        days: days.map((day) => ({
          date: day.date,
          ctl: round(day.ctl) ?? 0,
          atl: round(day.atl) ?? 0,
          form: round(day.form) ?? 0,
          ramp_rate: round(day.rampRate),
          load: round(day.load, 0),
        })),
        notes: notes(skippedNote(days)),
      };
    },
  });
