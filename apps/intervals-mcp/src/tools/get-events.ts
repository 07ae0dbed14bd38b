import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { notes, notesShape, skippedNote } from "../format.js";
import { athleteId, dateRange, eventCategoryList } from "../schemas.js";
import { resolveWindow } from "../window.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { eventRow, eventShape } from "./events.js";

export const getEvents: IntervalsTool = (connection) =>
  defineTool({
    name: "get_events",
    title: "Calendar events",
    description: "Planned workouts, races and notes in a date window, in date order, with the workout text.",
    input: z.object({
      ...dateRange("today", "today + 14 days"),
      category: eventCategoryList.optional().describe("only these categories"),
      athlete_id: athleteId,
    }),
    output: z.object({
      start_date: z.string(),
      end_date: z.string(),
      events: z.array(eventShape),
      notes: notesShape,
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const window = await resolveWindow(input, { before: 0, after: 14 }, session.today);
      const events = await session.client.events.list(
        { ...window, category: input.category },
        { signal: session.signal },
      );
      return {
        start_date: window.oldest,
        end_date: window.newest,
        events: events.map(eventRow),
        notes: notes(skippedNote(events)),
      };
    },
  });
