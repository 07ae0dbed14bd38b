import type { EventInput } from "@mcp-connectors/intervals-icu";
import { defineTool, InvalidInputError } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { athleteId, eventCategory, eventId, localDate, sport } from "../schemas.js";
import { type IntervalsTool, upsertAnnotations } from "./define.js";
import { eventRow, eventShape } from "./events.js";

export const addOrUpdateEvent: IntervalsTool = (connection) =>
  defineTool({
    name: "add_or_update_event",
    title: "Add or update a calendar event",
    description:
      'Saves a planned workout, race or note: updates event_id, else creates it (or updates the one saved with the same date, category, name). Workout text in description, e.g. "- 10m 60%\\n3x\\n- 8m 95%\\n- 4m 55%" (intervals://workout-syntax).',
    input: z.object({
      event_id: eventId.optional().describe("update this event"),
      date: localDate.describe("YYYY-MM-DD"),
      category: eventCategory.default("WORKOUT"),
      name: z.string().trim().min(1).max(120),
      sport: sport.optional().describe("Ride, Run, Swim, …; needed for workouts"),
      description: z.string().max(10_000).optional().describe("workout text or note"),
      duration: z.number().int().min(60).max(86_400).optional().describe("planned seconds"),
      distance: z.number().min(1).max(1_000_000).optional().describe("planned metres"),
      load: z.number().int().min(0).max(2000).optional().describe("planned training load"),
      athlete_id: athleteId,
    }),
    output: z.object({ event: eventShape }),
    annotations: upsertAnnotations,
    handler: async (input, context) => {
      if (input.category === "WORKOUT" && !input.sport) {
        throw new InvalidInputError("sport", "a WORKOUT needs a sport such as Ride, Run or Swim.");
      }
      const session = connection.open(context, input.athlete_id);
      const event: EventInput = {
        category: input.category,
        start_date_local: input.date,
        name: input.name,
        type: input.sport,
        description: input.description,
        moving_time: input.duration,
        distance: input.distance,
        icu_training_load: input.load,
      };
      const { events } = session.client;
      const options = { signal: session.signal };
      const stored =
        input.event_id === undefined
          ? // The same date, category and name find the same event again, so a repeated call updates it.
            await events.upsert(
              { ...event, external_id: `intervals-mcp:${input.date}:${input.category}:${input.name}` },
              options,
            )
          : await events.update(input.event_id, event, options);
      return { event: eventRow(stored) };
    },
  });
