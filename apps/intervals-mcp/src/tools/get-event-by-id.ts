import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { notes, notesShape, skippedNote } from "../format.js";
import { athleteId, eventId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { eventDetail, eventDetailShape } from "./events.js";

export const getEventById: IntervalsTool = (connection) =>
  defineTool({
    name: "get_event_by_id",
    title: "Calendar event",
    description:
      "One calendar event (planned workout, race, note) by id: its workout text, steps with targets, planned time in zones.",
    input: z.object({ event_id: eventId, athlete_id: athleteId }),
    output: eventDetailShape.extend({ notes: notesShape }),
    annotations: readAnnotations,
    handler: async ({ event_id, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const event = await session.client.events.get(event_id, { signal: session.signal });
      return { ...eventDetail(event), notes: notes(skippedNote(event)) };
    },
  });
